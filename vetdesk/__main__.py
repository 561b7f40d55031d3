from vetdesk.commands import main

raise SystemExit(main())
