"""The entities stage's YAML schemas, checked with pydantic at load time (data from outside, so pydantic).

Every file under ``kizashi/data/gazetteer/`` is a list of gazetteer entries (``EntryModel``); field names are
shared by every data file. ``data/lexicons/titles.yaml`` is the title lexicon (``TitlesModel``). Unknown keys
are rejected so a typo cannot silently drop a name.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator

from kizashi.errors import DataFileError

EntityType = Literal["PERSON", "ORG", "GPE", "LOC", "EVENT", "PRODUCT", "LAW"]

# ISO 3166-1 alpha-3 (all 249 officially assigned codes) plus XKX, the user-assigned code that the
# EU, IMF and most data sets use for Kosovo.
_ISO_ALPHA3_CODES = """
    ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD BGR BHR BHS
    BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR COD COG COK COL COM CPV
    CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST ETH FIN FJI FLK FRA FRO FSM
    GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN
    IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE
    LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS
    MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK
    PRT PRY PSE PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR
    SVK SVN SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR UMI URY
    USA UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE XKX
"""
ISO_ALPHA3 = frozenset(_ISO_ALPHA3_CODES.split())


class GazetteerError(DataFileError):
    """A gazetteer data file is malformed; the message names the file and the entry."""

    def __init__(self, source: str, entry: str | None, reason: str) -> None:
        super().__init__(source, f"entry {entry}" if entry else None, reason)
        self.entry = entry


def _iso_date(value: Any) -> Any:
    """Dates as YAML writes them (2021-03-03) or ISO strings; an int (a bare year) is refused.

    pydantic's lax mode would read an int as a Unix timestamp, so 2021 would become 1970-01-01.
    """
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    raise ValueError(f"expected an ISO date (YYYY-MM-DD), got {value!r}")


def _iso_country(value: Any) -> Any:
    if value is not None and value not in ISO_ALPHA3:
        raise ValueError(f"not an ISO 3166-1 alpha-3 code: {value!r}")
    return value


Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]*$")]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Qid = Annotated[str, StringConstraints(pattern=r"^Q[1-9][0-9]*$")]
IsoDate = Annotated[dt.date | None, BeforeValidator(_iso_date)]
Country = Annotated[str | None, BeforeValidator(_iso_country)]

_STRICT = ConfigDict(extra="forbid", frozen=True)


class SurnameModel(BaseModel):
    model_config = _STRICT

    ja: list[Name] = Field(default_factory=list)
    zh: list[Name] = Field(default_factory=list)
    en: list[Name] = Field(default_factory=list)


class OfficeModel(BaseModel):
    model_config = _STRICT

    title: Name
    ja: list[Name] = Field(default_factory=list)
    org: Slug | None = None
    start: IsoDate = None
    end: IsoDate = None

    @model_validator(mode="after")
    def _ordered(self) -> OfficeModel:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"office {self.title!r} ends ({self.end}) before it starts ({self.start})")
        return self


class EntryModel(BaseModel):
    model_config = _STRICT

    id: Slug
    canonical: Name
    wikidata: Qid | None = None
    type: EntityType
    kind: Slug
    country: Country = None
    ja: list[Name] = Field(default_factory=list)
    zh: list[Name] = Field(default_factory=list)
    en: list[Name] = Field(default_factory=list)
    abbrev: list[Annotated[str, StringConstraints(min_length=1, max_length=1)]] = Field(default_factory=list)
    ambiguous: list[Name] = Field(default_factory=list)
    parent: Slug | None = None
    surname: SurnameModel | None = None
    offices: list[OfficeModel] = Field(default_factory=list)

    @model_validator(mode="after")
    def _fits_type(self) -> EntryModel:
        if self.type != "PERSON" and (self.surname is not None or self.offices):
            raise ValueError("surname and offices belong to PERSON entries only")
        if self.abbrev and self.type != "GPE":
            raise ValueError("abbrev belongs to GPE entries only")
        if self.parent == self.id:
            raise ValueError("an entry cannot be its own parent")
        return self


class TitlesModel(BaseModel):
    """``data/lexicons/titles.yaml``: what may be written right after a person's name."""

    model_config = _STRICT

    honorifics: list[Name]  # 氏, さん, 容疑者
    titles: list[Name]  # 大統領, 商務相, 報道官
    title_suffixes: list[Name]  # words that end an office title after a kanji stem (X相, X長官)
