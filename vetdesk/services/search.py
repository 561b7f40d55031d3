"""Searching records by words: accent- and case-folded words matched against each record's search text, through
the trigram indexes (SQLite FTS5 ``tokenize='trigram'``, migration 0002; PostgreSQL ``pg_trgm``), and the
agreements' own search by apprentice, company or reference. Clauses only: the lists build their statements
from them (``services.records``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, and_, bindparam, column, func, or_, select, text

from vetdesk.domain import bounds, normalize
from vetdesk.storage.models import (
    Apprentice,
    CollaborationAgreement,
    Company,
    LearningAgreement,
    LearningPosition,
    PositionPeriod,
    School,
)


def escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def holds(column: Any, term: str) -> Any:
    """``column`` contains ``term`` (LIKE, its wildcards taken as plain characters)."""
    return column.like(f"%{escape_like(term)}%", escape="\\")


#: Tables with a trigram full-text index on SQLite (migration 0002): searched without a table scan.
FTS_TABLES = {"apprentices", "companies", "schools", "instructors", "programmes", "academic_tutors"}
#: Narrow indexes holding a list's sort key by id (migration 0012), and the columns they hold.
#: SQLite's planner has no statistics, so a searched list is told to look its hits' names up there.
ORDER_BY_ID_INDEXES = {"apprentices": ("ix_apprentices_sort_key_by_id", {"sort_key"})}


def search_terms(text_: str) -> list[str]:
    """The words of a search, accent-folded and lower-cased like the stored search text. Characters no stored
    text holds (control characters: PostgreSQL refuses a NUL in a query) are left out."""
    typed = "".join(c for c in text_[:SEARCH_LENGTH] if bounds.forbidden_character(c) is None)
    return [t for t in (w.strip("\"'") for w in normalize.fold(typed).split()) if t]


#: The longest search read (longer than any name or identifier a record holds).
SEARCH_LENGTH = 200


def indexed_terms(model: Any, terms: list[str], fts: bool) -> list[str]:
    """The terms the SQLite trigram index answers (three characters or more)."""
    return [t for t in terms if fts and model.__tablename__ in FTS_TABLES and len(t) >= 3]


def fts_phrases(terms: list[str]) -> str:
    """An FTS5 query finding rows holding every term (quoted phrases side by side mean AND)."""
    return " ".join('"' + t.replace('"', '""') + '"' for t in terms)


def matches(model: Any, terms: list[str], fts: bool) -> Any:
    """``model.search_text`` contains every term (already folded). On SQLite, terms of three or more
    characters go through the FTS5 trigram index, all in one query of it; PostgreSQL's LIKE uses its pg_trgm
    index by itself."""
    table = model.__tablename__
    indexed = indexed_terms(model, terms, fts)
    clauses = [holds(model.search_text, t) for t in terms if t not in indexed]
    if indexed:
        clauses.insert(0, model.id.in_(fts_ids(table, indexed)))
    return and_(*clauses)


def fts_ids(table: str, terms: list[str]) -> Any:
    """The ids of ``table``'s rows whose trigram index (``<table>_fts``) holds every term."""
    hits = text(f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH :phrase").bindparams(
        bindparam("phrase", fts_phrases(terms), unique=True))
    return hits.columns(column("rowid", Integer))


def reference_matches(term: str, fts: bool) -> Any:
    """The agreement's reference contains ``term``: through the references' trigram index on SQLite
    (migration 0005) for three characters or more, otherwise (and on PostgreSQL) by LIKE."""
    if fts and len(term) >= 3:
        return LearningAgreement.id.in_(fts_ids(LearningAgreement.__tablename__, [term]))
    return holds(func.lower(LearningAgreement.reference), term)


def agreements_search(terms: list[str], fts: bool) -> Any:
    """Agreements where each word names the apprentice, the company or the reference."""
    if fts and len(terms) > 1:
        return agreements_of_words(terms)
    clauses = []
    for t in terms:
        clauses.append(or_(
            LearningAgreement.apprentice_id.in_(select(Apprentice.id).where(matches(Apprentice, [t], fts))),
            LearningAgreement.company_id.in_(select(Company.id).where(matches(Company, [t], fts))),
            reference_matches(t, fts)))
    # SQLite answers the OR with one index lookup per branch ("MULTI-INDEX OR"); a UNION of the three
    # was measured slower on both databases for common words.
    return and_(*clauses)


def agreements_of_words(terms: list[str]) -> Any:
    """Agreements where each of several words names the apprentice, the company or the reference (SQLite).

    Asked word by word through the trigram indexes, each word's hits were gathered whole: "zuñiga ximena"
    gathered 859 and 1,019 apprentices at 100,000 to find 7 agreements, and took 5 times as long as at 1,000.
    An agreement that matches every word either has an apprentice matching all of them (one question of the
    apprentices' index, 6 apprentices) or has a company or reference matching one; those few candidates are
    then checked word by word on their own rows.
    """
    la = LearningAgreement
    candidates = [la.apprentice_id.in_(select(Apprentice.id).where(matches(Apprentice, terms, True)))]
    for t in terms:
        candidates.append(la.company_id.in_(select(Company.id).where(matches(Company, [t], True))))
        candidates.append(reference_matches(t, True))

    return and_(or_(*candidates), *(agreement_names(t) for t in terms))


def agreement_names(term: str) -> Any:
    """The agreement's own apprentice, company or reference holds ``term``: checked on its row (two lookups by
    id), for the few candidates of :func:`agreements_of_words` or a common word's walk (:func:`_walks`)."""
    la = LearningAgreement
    return or_(
        select(Apprentice.id).where(Apprentice.id == la.apprentice_id, holds(Apprentice.search_text, term)).exists(),
        select(Company.id).where(Company.id == la.company_id, holds(Company.search_text, term)).exists(),
        holds(func.lower(la.reference), term))


def rotations_search(terms: list[str], fts: bool) -> Any:
    """An apprentice's rotation periods: each word names the apprentice, the agreement's reference or the
    learning position."""
    period = PositionPeriod
    def named(t: str) -> Any:
        apprentices = select(Apprentice.id).where(matches(Apprentice, [t], fts))
        agreements = select(LearningAgreement.id).where(or_(LearningAgreement.apprentice_id.in_(apprentices),
                                                            reference_matches(t, fts)))
        positions = select(LearningPosition.id).where(matches(LearningPosition, [t], fts))
        return or_(period.agreement_id.in_(agreements), period.position_id.in_(positions))

    return and_(*(named(t) for t in terms))


def collaborations_search(terms: list[str], fts: bool) -> Any:
    """Collaboration agreements where each word names the school, the company or the reference."""
    ca = CollaborationAgreement
    return and_(*(or_(ca.school_id.in_(select(School.id).where(matches(School, [t], fts))),
                      ca.company_id.in_(select(Company.id).where(matches(Company, [t], fts))),
                      holds(func.lower(ca.reference), t)) for t in terms))
