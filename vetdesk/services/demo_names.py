"""Word lists for the demonstration data: Mexican names, places, companies and training programmes.

Plain data only; :mod:`vetdesk.services.demo` combines them. Names keep their accents (García, Núñez)
so that the accent-insensitive search has something to do.
"""

from __future__ import annotations

from typing import Any

MALE_NAMES = (
    "José", "Juan", "Luis", "Carlos", "Jesús", "Miguel Ángel", "Ángel", "Francisco", "Jorge", "Alejandro",
    "Fernando", "Ricardo", "Eduardo", "Diego", "Sebastián", "Emiliano", "Santiago", "Mateo", "Leonardo",
    "Iván", "Raúl", "Rubén", "Martín", "Andrés", "Óscar", "Héctor", "Joaquín", "Julián", "Adrián",
    "Daniel", "David", "Érick", "Tomás", "Saúl", "Efraín", "Germán", "José Luis", "Juan Pablo",
    "José Ángel", "Jesús Alberto", "Cristian", "Brandon", "Kevin", "Aarón", "Abraham", "Axel", "Bruno",
    "Emilio", "Gael", "Rodrigo", "Ramón", "Román", "Nicolás", "Isaac", "Ulises", "Víctor Hugo",
)

FEMALE_NAMES = (
    "María", "María José", "María Fernanda", "Sofía", "Ximena", "Valeria", "Camila", "Regina", "Renata",
    "Fernanda", "Daniela", "Andrea", "Mariana", "Guadalupe", "Lucía", "Paulina", "Itzel", "Yaretzi",
    "Natalia", "Verónica", "Mónica", "Inés", "Belén", "Dolores", "Leticia", "Araceli", "Rocío",
    "Abigail", "Alejandra", "Ana Sofía", "Ana Belén", "Jimena", "Karla", "Montserrat", "Noemí",
    "Zoé", "Nayeli", "Citlali", "Elena", "Estefanía", "Dulce María", "Julieta", "Brenda", "Alondra",
)

NEUTRAL_NAMES = ("Alex", "Dani", "Cruz", "Guadalupe", "Ariel", "Sasha", "Noa")

#: (surname, weight): García is deliberately frequent, as it is in Mexico.
SURNAMES: tuple[tuple[str, int], ...] = (
    ("García", 40), ("Hernández", 30), ("Martínez", 22), ("López", 22), ("González", 20),
    ("Pérez", 16), ("Rodríguez", 16), ("Sánchez", 14), ("Ramírez", 14), ("Cruz", 10), ("Flores", 10),
    ("Gómez", 10), ("Morales", 8), ("Vázquez", 8), ("Jiménez", 8), ("Reyes", 8), ("Díaz", 8),
    ("Torres", 7), ("Gutiérrez", 7), ("Ruiz", 7), ("Mendoza", 6), ("Aguilar", 6), ("Ortiz", 6),
    ("Moreno", 6), ("Castillo", 6), ("Romero", 5), ("Álvarez", 5), ("Méndez", 5), ("Chávez", 5),
    ("Rivera", 5), ("Juárez", 5), ("Ramos", 5), ("Domínguez", 4), ("Herrera", 4), ("Medina", 4),
    ("Castro", 4), ("Vargas", 4), ("Guzmán", 4), ("Velázquez", 4), ("Muñoz", 4), ("Rojas", 3),
    ("Contreras", 3), ("Salazar", 3), ("Luna", 3), ("Ortega", 3), ("Peña", 3), ("Núñez", 3),
    ("Ibáñez", 2), ("Cortés", 2), ("Guerrero", 3), ("Estrada", 3), ("Bautista", 3), ("Acosta", 2),
    ("Ávila", 2), ("Ríos", 2), ("Solís", 2), ("Márquez", 2), ("Zúñiga", 2), ("Escobedo", 1),
    ("Treviño", 1), ("Garza", 3), ("Villarreal", 2), ("Cázares", 1), ("Briseño", 1), ("Ordóñez", 1),
    ("De la Cruz", 2), ("Del Ángel", 1), ("De León", 1), ("Xicoténcatl", 1), ("Cuauhtémoc", 1),
)

#: Codes of vetdesk.domain.choices.GUARDIAN_RELATION (printed in each document's language).
GUARDIAN_RELATIONS = ("mother", "father", "mother", "father", "grandmother", "aunt", "legal_guardian")

#: INEGI number, name, CURP state code, main cities, weight (industrial states are heavier).
STATES: tuple[tuple[str, str, str, tuple[str, ...], int], ...] = (
    ("01", "Aguascalientes", "AS", ("Aguascalientes", "Jesús María"), 5),
    ("02", "Baja California", "BC", ("Tijuana", "Mexicali", "Ensenada"), 4),
    ("03", "Baja California Sur", "BS", ("La Paz",), 1),
    ("04", "Campeche", "CC", ("Campeche",), 1),
    ("05", "Coahuila", "CL", ("Saltillo", "Ramos Arizpe", "Torreón"), 6),
    ("06", "Colima", "CM", ("Colima", "Manzanillo"), 1),
    ("07", "Chiapas", "CS", ("Tuxtla Gutiérrez",), 1),
    ("08", "Chihuahua", "CH", ("Chihuahua", "Ciudad Juárez"), 4),
    ("09", "Ciudad de México", "DF", ("Azcapotzalco", "Iztapalapa", "Álvaro Obregón"), 5),
    ("10", "Durango", "DG", ("Durango", "Gómez Palacio"), 1),
    ("11", "Guanajuato", "GT", ("León", "Celaya", "Silao", "Irapuato"), 8),
    ("12", "Guerrero", "GR", ("Chilpancingo",), 1),
    ("13", "Hidalgo", "HG", ("Pachuca", "Tizayuca"), 2),
    ("14", "Jalisco", "JC", ("Guadalajara", "Zapopan", "El Salto"), 6),
    ("15", "Estado de México", "MC", ("Toluca", "Lerma", "Tlalnepantla"), 7),
    ("16", "Michoacán", "MN", ("Morelia",), 1),
    ("17", "Morelos", "MS", ("Cuernavaca", "Jiutepec"), 1),
    ("18", "Nayarit", "NT", ("Tepic",), 1),
    ("19", "Nuevo León", "NL", ("Monterrey", "Apodaca", "Santa Catarina", "Escobedo"), 8),
    ("20", "Oaxaca", "OC", ("Oaxaca de Juárez",), 1),
    ("21", "Puebla", "PL", ("Puebla", "Cuautlancingo", "San José Chiapa"), 8),
    ("22", "Querétaro", "QT", ("Querétaro", "El Marqués", "San Juan del Río"), 8),
    ("23", "Quintana Roo", "QR", ("Cancún",), 1),
    ("24", "San Luis Potosí", "SP", ("San Luis Potosí", "Villa de Reyes"), 5),
    ("25", "Sinaloa", "SL", ("Culiacán",), 1),
    ("26", "Sonora", "SR", ("Hermosillo", "Nogales"), 2),
    ("27", "Tabasco", "TC", ("Villahermosa",), 1),
    ("28", "Tamaulipas", "TS", ("Reynosa", "Matamoros"), 2),
    ("29", "Tlaxcala", "TL", ("Tlaxcala", "Huamantla"), 2),
    ("30", "Veracruz", "VZ", ("Veracruz", "Xalapa", "Coatzacoalcos"), 2),
    ("31", "Yucatán", "YN", ("Mérida",), 1),
    ("32", "Zacatecas", "ZS", ("Zacatecas",), 1),
)

STREETS = (
    "Av. Industrial", "Blvd. Aeropuerto", "Calle Hidalgo", "Av. Juárez", "Calle Morelos", "Av. 5 de Mayo",
    "Calle Independencia", "Av. Revolución", "Blvd. Bernardo Quintana", "Calle Zaragoza",
    "Av. Constitución", "Calle Allende", "Av. de las Américas", "Calle Guerrero", "Circuito El Marqués",
)

COLONIES = ("Centro", "Parque Industrial", "San Francisco", "Las Águilas", "Jardines", "Lomas", "El Pueblito",
            "Santa Fe", "La Piedad", "San Ángel", "Los Pinos", "Zona Industrial")

#: sector, words used in company names, programme codes the sector trains in.
SECTORS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("automotive", ("Autopartes", "Componentes Automotrices", "Ensambles", "Sistemas de Frenos", "Arneses"),
     ("MECA", "MHER")),
    ("metalworking", ("Maquinados", "Forja", "Troquelados", "Fundición", "Precisión Mecánica"),
     ("MHER", "MECA")),
    ("logistics", ("Logística", "Transportes", "Distribución", "Almacenes", "Cadena de Suministro"),
     ("LOGI",)),
    ("food", ("Alimentos", "Lácteos", "Panificadora", "Bebidas", "Conservas"), ("LOGI", "MECA")),
    ("electronics", ("Electrónica", "Controles Eléctricos", "Sensores", "Tarjetas Electrónicas"),
     ("MECA",)),
    ("plastics", ("Plásticos", "Inyección de Plásticos", "Empaques", "Polímeros"), ("MECA", "LOGI")),
)

COMPANY_QUALIFIERS = ("del Bajío", "del Norte", "de Occidente", "de México", "de Monterrey", "de Puebla",
                      "de Querétaro", "del Centro", "del Golfo", "del Pacífico", "Rhein", "Hanse", "Bavaria",
                      "Sajonia", "de Saltillo", "de Aguascalientes")
COMPANY_FORMS = ("S.A. de C.V.", "S.A. de C.V.", "S. de R.L. de C.V.", "S.A.P.I. de C.V.")
COMPANY_SIZES = ("small", "medium", "large", "large")

SCHOOL_KINDS: tuple[tuple[str, str, str], ...] = (
    # subsystem, name prefix, the CCT's three letters
    ("CONALEP", "CONALEP Plantel", "DPT"),
    ("CECyTE", "CECyTE Plantel", "ETC"),
    ("CBTIS", "CBTIS No.", "DCT"),
    ("CETIS", "CETIS No.", "DCT"),
)

#: insurer, the prefix of its policy numbers
INSURERS = (("GNP Seguros", "GNP"), ("AXA Seguros", "AXA"), ("Seguros Monterrey New York Life", "SMNYL"),
            ("MAPFRE México", "MAPFRE"), ("Chubb Seguros", "CHUBB"), ("Seguros Atlas", "ATLAS"))

TERMINATION_REASONS = (
    "Baja voluntaria del aprendiz por cambio de domicilio.",
    "Baja académica en el plantel.",
    "Acuerdo mutuo entre empresa y aprendiz.",
    "Cierre de la línea de producción donde se formaba.",
    "Inasistencias reiteradas sin justificación.",
    "El aprendiz cambió de carrera.",
)

FEEDBACK = (
    "Muestra iniciativa y pregunta cuando tiene dudas.",
    "Debe mejorar la puntualidad al inicio del turno.",
    "Trabaja con cuidado y respeta las normas de seguridad.",
    "Buena colaboración con el equipo de mantenimiento.",
    "Documenta sus actividades en la bitácora sin recordatorios.",
    "Necesita practicar más la lectura de planos.",
    "Ha mejorado mucho en la comunicación con sus compañeros.",
    "Se recomienda reforzar el uso de instrumentos de medición.",
)

#: What a demo apprentice wrote in a weekly report, the topics at school, an instructor's note on a return.
WEEK_ACTIVITIES = (
    "Mantenimiento preventivo de tornos y registro en la bitácora de la máquina.",
    "Montaje de tableros eléctricos con mi instructor; pruebas de continuidad.",
    "Inventario cíclico en el almacén y etiquetado de ubicaciones.",
    "Medición de piezas con calibrador y micrómetro; llené el reporte de calidad.",
    "Programación básica del PLC de la línea 2 y cambio de sensores.",
    "Afilado de herramientas de corte y preparación del torno CNC.",
    "Apoyo en la recepción de materiales y captura en el sistema.",
    "Limpieza y orden del área (5S) y revisión de los equipos de seguridad.",
)
SCHOOL_TOPICS = ("Dibujo técnico", "Electrónica digital", "Matemáticas aplicadas", "Seguridad e higiene",
                 "Neumática", "Inglés técnico")
RETURN_NOTES = ("Describa con más detalle las actividades del martes.", "Faltan las horas en el plantel.",
                "Indique qué instrumentos de medición usó.")

ASSESSMENT_COMMENTS = (
    "Realizó la tarea sin ayuda.", "Requiere supervisión en algunos pasos.", "Explica bien su proceso.",
    "Producto dentro de tolerancias.", "Falta orden en el área de trabajo.", "Cumple con la norma.",
)

JOB_TITLES = ("Jefe de mantenimiento", "Supervisor de producción", "Ingeniero de procesos", "Técnico líder",
              "Coordinador de almacén", "Jefa de calidad", "Instructor de planta")

#: The programmes with their competency catalogues (areas) and the learning positions of a rotation
#: plan, each naming the competency codes learned there.
PROGRAMMES: tuple[dict[str, Any], ...] = (
    {
        "code": "MECA", "name": "Mecatrónica", "duration_months": 36, "nqf_level": "MMFD nivel 3",
        "isced_level": "354", "conocer_codes": "EC0217.01 EC0301", "templates": "both",
        "scale": "four_levels",
        "areas": (
            ("Seguridad y calidad", (
                ("MECA-01", "Aplica las normas de seguridad e higiene en el área de trabajo", "EC0391"),
                ("MECA-02", "Controla la calidad del producto con instrumentos de medición", None),
            )),
            ("Sistemas mecánicos", (
                ("MECA-03", "Interpreta planos y diagramas mecánicos", None),
                ("MECA-04", "Ensambla y ajusta componentes mecánicos", None),
                ("MECA-05", "Realiza mantenimiento preventivo a sistemas mecánicos", "EC0301"),
            )),
            ("Sistemas eléctricos y electrónicos", (
                ("MECA-06", "Instala y verifica circuitos eléctricos industriales", None),
                ("MECA-07", "Diagnostica fallas en sensores y actuadores", None),
                ("MECA-08", "Mide magnitudes eléctricas con seguridad", None),
            )),
            ("Neumática e hidráulica", (
                ("MECA-09", "Arma circuitos neumáticos y electroneumáticos", None),
                ("MECA-10", "Da mantenimiento a sistemas hidráulicos", None),
            )),
            ("Automatización", (
                ("MECA-11", "Programa controladores lógicos programables (PLC)", None),
                ("MECA-12", "Opera y ajusta celdas robotizadas", None),
                ("MECA-13", "Pone en marcha sistemas automatizados", None),
            )),
            ("Comunicación y trabajo en equipo", (
                ("MECA-14", "Documenta su trabajo en la bitácora y en reportes técnicos", None),
                ("MECA-15", "Colabora en equipos de mejora continua", None),
                ("MECA-16", "Instruye a compañeros en tareas sencillas", "EC0217.01"),
            )),
        ),
        "positions": (
            ("Inducción y seguridad", "Recursos Humanos", 4, ("MECA-01", "MECA-14")),
            ("Taller mecánico", "Mantenimiento", 16, ("MECA-03", "MECA-04", "MECA-05")),
            ("Mantenimiento eléctrico", "Mantenimiento", 16, ("MECA-06", "MECA-07", "MECA-08")),
            ("Neumática", "Mantenimiento", 12, ("MECA-09", "MECA-10")),
            ("Línea de ensamble", "Producción", 16, ("MECA-04", "MECA-02", "MECA-15")),
            ("Automatización y robótica", "Ingeniería", 20, ("MECA-11", "MECA-12", "MECA-13")),
            ("Control de calidad", "Calidad", 12, ("MECA-02", "MECA-14")),
            ("Proyecto de mejora", "Ingeniería", 12, ("MECA-13", "MECA-15", "MECA-16")),
        ),
    },
    {
        "code": "MHER", "name": "Máquinas-herramienta", "duration_months": 24, "nqf_level": "MMFD nivel 3",
        "isced_level": "354", "conocer_codes": "EC0217.01", "templates": "bbig", "scale": "ihk100",
        "areas": (
            ("Fundamentos", (
                ("MHER-01", "Aplica las normas de seguridad en el taller de máquinas", None),
                ("MHER-02", "Interpreta dibujos técnicos y tolerancias", None),
                ("MHER-03", "Mide piezas con vernier, micrómetro y calibradores", None),
            )),
            ("Maquinado convencional", (
                ("MHER-04", "Maquina piezas en torno convencional", None),
                ("MHER-05", "Maquina piezas en fresadora convencional", None),
                ("MHER-06", "Afila y selecciona herramientas de corte", None),
            )),
            ("Maquinado CNC", (
                ("MHER-07", "Programa un torno CNC en código G", None),
                ("MHER-08", "Prepara y opera un centro de maquinado CNC", None),
                ("MHER-09", "Optimiza parámetros de corte", None),
            )),
            ("Calidad y mejora", (
                ("MHER-10", "Registra el control estadístico del proceso", None),
                ("MHER-11", "Participa en la mejora continua (5S, Kaizen)", None),
                ("MHER-12", "Capacita a personal de nuevo ingreso", "EC0217.01"),
            )),
        ),
        "positions": (
            ("Inducción y seguridad", "Recursos Humanos", 3, ("MHER-01", "MHER-02")),
            ("Metrología", "Calidad", 8, ("MHER-03", "MHER-10")),
            ("Torno convencional", "Maquinados", 14, ("MHER-04", "MHER-06")),
            ("Fresadora convencional", "Maquinados", 14, ("MHER-05", "MHER-06")),
            ("Torno CNC", "Maquinados CNC", 16, ("MHER-07", "MHER-09")),
            ("Centro de maquinado", "Maquinados CNC", 16, ("MHER-08", "MHER-09")),
            ("Mejora continua", "Ingeniería", 8, ("MHER-11", "MHER-12")),
        ),
    },
    {
        "code": "LOGI", "name": "Logística", "duration_months": 24, "nqf_level": "MMFD nivel 3",
        "isced_level": "354", "conocer_codes": "EC0217.01", "templates": "mmfd", "scale": "four_levels",
        "areas": (
            ("Almacén", (
                ("LOGI-01", "Recibe e inspecciona mercancías", None),
                ("LOGI-02", "Almacena materiales con criterios PEPS", None),
                ("LOGI-03", "Realiza inventarios cíclicos", None),
                ("LOGI-04", "Opera montacargas con seguridad", "EC0076"),
            )),
            ("Transporte y distribución", (
                ("LOGI-05", "Planea rutas de distribución", None),
                ("LOGI-06", "Elabora documentación de embarque y carta porte", None),
                ("LOGI-07", "Coordina operaciones de comercio exterior", None),
            )),
            ("Sistemas de información", (
                ("LOGI-08", "Registra movimientos en el sistema ERP", None),
                ("LOGI-09", "Analiza indicadores logísticos", None),
            )),
            ("Servicio y equipo", (
                ("LOGI-10", "Atiende a clientes internos y externos", None),
                ("LOGI-11", "Trabaja en equipo y resuelve conflictos", None),
                ("LOGI-12", "Facilita el aprendizaje de nuevos compañeros", "EC0217.01"),
            )),
        ),
        "positions": (
            ("Recepción de materiales", "Almacén", 10, ("LOGI-01", "LOGI-08")),
            ("Almacén general", "Almacén", 14, ("LOGI-02", "LOGI-03", "LOGI-04")),
            ("Embarques", "Distribución", 12, ("LOGI-05", "LOGI-06")),
            ("Comercio exterior", "Aduanas", 10, ("LOGI-07", "LOGI-06")),
            ("Planeación", "Cadena de Suministro", 12, ("LOGI-09", "LOGI-08")),
            ("Servicio al cliente", "Ventas", 8, ("LOGI-10", "LOGI-11", "LOGI-12")),
        ),
    },
)
