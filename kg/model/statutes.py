"""A statute across its versions: history events, versions and their periods, amendments and repeals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kg.model.provision_id import ProvisionId
from kg.model.vocabulary import Level
from kg.validity import in_force


@dataclass(frozen=True)
class VersionEvent:
    """One line of a statute's history: 通过, 公布, 施行, 修正, 修订, 批准, 废止."""

    day: date
    kind: str
    text: str


@dataclass(frozen=True)
class RepealMention:
    """A sentence in one statute that repeals another: ``《…》同时废止``, ``废止《…》``.

    ``title`` is the repealed title as written; ``day`` the repealing text's
    施行 date (None when it cannot be read); ``text`` the sentence quoted.
    """

    title: str
    provision: ProvisionId | None
    day: date | None
    text: str


@dataclass(frozen=True)
class Statute:
    """A statute across its versions.

    ``in_force_from`` is its first 施行 date (from the 题注 or the final
    articles of any held version), even when only a later version's text is
    held; ``repealed_on`` / ``repealed_by`` / ``repeal_text`` record a repeal
    found in another statute of the corpus (or a 废止 note in its own file).
    """

    key: str
    title: str
    level: Level
    region: str | None = None  # e.g. 浙江省, 浙江省台州市; None for national
    aliases: tuple[str, ...] = ()
    in_force_from: date | None = None
    in_force_from_basis: str = ""
    in_force_from_certain: bool = False
    repealed_on: date | None = None
    repealed_by: str | None = None  # the repealing provision id, or a title when it has no article
    repeal_text: str = ""


@dataclass(frozen=True)
class StatuteVersion:
    statute_key: str
    version: date | None  # version date: the file-name date, else the last event
    source: str  # file the version came from, relative to the ingest root
    events: tuple[VersionEvent, ...] = ()
    promulgated: date | None = None
    effective: date | None = None
    valid_from: date | None = None  # this version's own 施行 date (see valid_from_basis)
    valid_to: date | None = None  # set when a later version or repeal ends it
    repealed: bool = False
    content_hash: str = ""
    valid_from_basis: str = ""  # the text that decides valid_from, quoted, or why it is presumed
    valid_from_certain: bool = False  # False: presumed (e.g. the amendment decision is not held)
    valid_to_basis: str = ""
    first_effective: date | None = None  # the statute's first 施行 date as this file records it
    first_effective_basis: str = ""
    first_effective_certain: bool = False
    repeals: tuple[RepealMention, ...] = ()  # other statutes this text repeals

    @property
    def key(self) -> str:
        return f"{self.statute_key}@{self.version.isoformat()}" if self.version else self.statute_key

    def in_force(self, day: date) -> bool:
        return in_force(self.valid_from, self.valid_to, day)


@dataclass(frozen=True)
class AmendmentDecision:
    """The 施行 date of an amendment decision that is not in the corpus (reviewed data)."""

    statute: str
    amended: date
    effective: date
    decision: str
    quote: str


@dataclass(frozen=True)
class RepealRelation:
    """Statute ``repealed`` ends on ``day`` by ``by`` (the repealing article) — ``text`` decides it."""

    repealed: str  # statute key
    by_statute: str  # statute key of the repealing text
    by: ProvisionId | None
    day: date | None
    text: str
    title: str  # the repealed title as the repealing text writes it
