"""People: known ones by name, unknown ones by the titles around them, each with a role.

A role comes from the text first: a title and an organization next to the
name ("the Secretary-General of the WCO, Kunio Mikuriya", "UNODC Executive
Director Yury Fedotov", "Yury Fedotov, Executive Director of UNODC",
"秘书长张明", "الأمين العام للإنتربول يورغن شتوك"); only when the text gives none does
the knowledge base's position at the document's date fill it in.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import regex

from communique.pipeline.matcher import Hit
from communique.resources.kb import KnowledgeBase

# Words that may stand between a title, its organization and the name.
GLUE = regex.compile(
    r"""^[\s,،:()«»"'\-–—]*
    (?:(?:of|the|de|del|des|du|la|le|les|el|los|las|l|d|de\ la|at|for|pour|para|du|of\ the|
    ejecutiv[oa]|executive|exécutif|exécutive|adjunt[oa]|adjoint|adjointe|interin[oa]|acting|
    par\ intérim|en\ funciones|исполняющий\ обязанности|
    de\ l|des|в|во|при|по|in|en|à|a|au|aux|لدى|ل|في|的|驻)[\s'’]*)*
    [\s,،:()«»"'\-–—]*$""",
    regex.X | regex.I,
)
HONORIFIC = regex.compile(
    r"""(?:H\.\s?E\.|S\.\s?E\.|His\ Excellency|Her\ Excellency|Son\ Excellence|Su\ Excelencia|
    Dr\.?|Prof\.?|Professor|Mr\.?|Mrs\.?|Ms\.?|M\.|Mme|Mgr|Sr\.?|Sra\.?|Don|Doña|Amb\.?|Ambassador|
    Ambassadeur|Embajador|Judge|Juge|г-н|г-жа|госпожа|господин|посол|д-р|проф\.|
    الدكتور|الدكتورة|البروفيسور|السيد|السيدة|السفير|معالي|سعادة|فخامة|教授|博士|先生|女士|大使)\s*""",
    regex.X,
)
PARTICLES = r"(?:da|de|del|della|di|dos|du|van|von|der|bin|ibn|al|Al|el|El|ould|Ould|y|le|La|Le)"
LATIN_NAME = regex.compile(
    rf"""^(?:{HONORIFIC.pattern})*
    ((?:\p{{Lu}}[\p{{Ll}}\p{{Lu}}'’\-]+|\p{{Lu}}\.)
    (?:[\ \t]+(?:{PARTICLES}[\ \t]+)?(?:\p{{Lu}}[\p{{Ll}}\p{{Lu}}'’\-]+|\p{{Lu}}\.)){{1,3}})""",
    regex.X,
)
HONORIFIC_LED = regex.compile(
    r"(?<![\p{L}])(?:H\.\s?E\.|S\.\s?E\.|Dr\.|Prof\.|Mr\.|Mrs\.|Ms\.|Mme|Sr\.|Sra\.|г-н|г-жа)\s+"
)
APPOSITION = regex.compile(
    r"(?<![\p{L}])((?:\p{Lu}[\p{Ll}'’\-]+)(?:\s+(?:(?:da|de|del|di|van|von|bin|Al|al|el)\s+)?\p{Lu}[\p{Ll}'’\-]+){1,3}),\s+(?:the\s+|le\s+|la\s+|el\s+)?"
)
CJK_FOREIGN_NAME = regex.compile(r"^(\p{Han}{1,6}[·•﹒．.]\p{Han}{1,8}(?:[·•﹒．.]\p{Han}{1,8})?)")
WINDOW = 90
CLAUSE_MARK = regex.compile(r"[,;،:]")


@dataclass
class PersonFinding:
    """A person found in the text, known (entity set) or not."""

    start: int
    end: int
    text: str
    entity: str | None
    title: str | None = None
    org: str | None = None
    via_title: bool = False
    via: str = "title"  # title (office holder) or coreference (a bare title naming someone again)


def title_hits(hits: list[Hit]) -> list[Hit]:
    return [h for h in hits if any(a.kind == "title" for a in h.aliases)]


def title_id(hit: Hit) -> str:
    return next(a.entity for a in hit.aliases if a.kind == "title").split(":", 1)[1]


def org_of(hit: Hit) -> str | None:
    ents = [a.entity for a in hit.aliases if a.entity.startswith(("org:", "country:"))]
    if not ents and hit.country and all(a.kind == "title" for a in hit.aliases):
        return None
    return ents[0] if ents else None


def role_before(text: str, start: int, hits: list[Hit]) -> tuple[str | None, str | None]:
    """Return (title, org) stated just before position `start`, walking back over glue."""
    before = [h for h in hits if h.end <= start and start - h.end <= WINDOW]
    title: str | None = None
    title_hit: Hit | None = None
    between: list[str] = []  # organizations and countries between the title and the name
    cursor = start
    for hit in reversed(before):
        gap = _strip_honorifics(text[hit.end : cursor])
        if not GLUE.match(gap):
            break
        if any(a.kind == "title" for a in hit.aliases):
            if title is not None:
                break
            title, title_hit = title_id(hit), hit
        elif org_of(hit) is None:
            break
        elif title is None:
            between.append(str(org_of(hit)))
        else:
            # "UNODC Executive Director X"; but in "... de l'ONU, le Directeur général X"
            # the ONU belongs to another phrase
            if not between and not CLAUSE_MARK.search(gap):
                between.append(str(org_of(hit)))
            break
        cursor = hit.start
    if title is None:
        return None, None
    # "UNESCO representative in Uzbekistan": the organization, not the country it works in
    orgs = [o for o in between if o.startswith("org:")] or between or _title_country(title_hit)
    return title, (orgs[0] if orgs else None)


def _title_country(hit: Hit | None) -> list[str]:
    """Return the country an adjective inside the title names ("ministro italiano de ...")."""
    return [hit.country] if hit is not None and hit.country else []


def role_after(text: str, end: int, hits: list[Hit]) -> tuple[str | None, str | None]:
    """Return (title, org) of an apposition after a name: "Name, Title of ORG"."""
    after = [h for h in hits if h.start >= end and h.start - end <= WINDOW]
    if not after or not regex.match(
        r"^\s*[,،]\s*(?:the\s|le\s|la\s|el\s)?$", text[end : after[0].start], regex.I
    ):
        return None, None
    if not any(a.kind == "title" for a in after[0].aliases):
        return None, None
    title = title_id(after[0])
    org = None
    for hit in after[1:3]:
        if GLUE.match(text[after[0].end : hit.start]) and org_of(hit):
            org = org_of(hit)
            break
    return title, org


def _strip_honorifics(gap: str) -> str:
    return HONORIFIC.sub("", gap)


def unknown_names(text: str, hits: list[Hit], known: list[PersonFinding]) -> list[PersonFinding]:
    """Find unknown people: after a title or an honorific, or before an apposition."""
    taken = {(p.start, p.end) for p in known}
    spans = [anchor_after_title(text, t, hits) for t in title_hits(hits)]
    spans += [m.end() for m in HONORIFIC_LED.finditer(text)]
    found: list[PersonFinding] = []
    for anchor in sorted(set(spans)):
        name = _name_at(text, anchor)
        if name is not None:
            _keep(found, taken, text, name, hits)
    for m in APPOSITION.finditer(text):
        if any(h.start == m.end() for h in title_hits(hits)):
            _keep(found, taken, text, (m.start(1), m.end(1)), hits)
    return found


def _keep(
    found: list[PersonFinding],
    taken: set[tuple[int, int]],
    text: str,
    name: tuple[int, int],
    hits: list[Hit],
) -> None:
    start, end = name
    if any(s < end and start < e for s, e in taken) or _overlaps_hit(start, end, hits):
        return
    title, org = role_before(text, start, hits)
    if title is None:
        title, org = role_after(text, end, hits)
    found.append(PersonFinding(start, end, text[start:end], None, title, org))
    taken.add((start, end))


def anchor_after_title(text: str, title: Hit, hits: list[Hit]) -> int:
    cursor = title.end
    for hit in hits:
        if hit.start >= cursor and GLUE.match(text[cursor : hit.start]) and org_of(hit):
            cursor = hit.end
        elif hit.start >= cursor:
            break
    gap = regex.match(r"^[\s,،:()A-Z\-]{0,3}?[\s,،]*", text[cursor:])
    return cursor + (gap.end() if gap else 0)


def _name_at(text: str, pos: int) -> tuple[int, int] | None:
    rest = text[pos : pos + 80]
    m = LATIN_NAME.match(rest) or CJK_FOREIGN_NAME.match(rest)
    if not m:
        return None
    start, end = pos + m.start(1), pos + m.end(1)
    name = text[start:end]
    if (
        name.isupper() and len(name) > 6
    ):  # an all-capitals run is a heading or an acronym, not a name
        return None
    return start, end


def _overlaps_hit(start: int, end: int, hits: list[Hit]) -> bool:
    return any(h.start < end and start < h.end for h in hits)


CYRILLIC_TO_LATIN = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "yo",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "_",
            "y",
            "_",
            "e",
            "yu",
            "ya",
        ],
        strict=True,
    )
)


def latin_name(name: str) -> str:
    """Return a Latin spelling of a Cyrillic name (BGN/PCGN style); other scripts unchanged."""
    if not regex.search(r"\p{Cyrillic}", name):
        return name
    out = []
    for ch in name:
        latin = CYRILLIC_TO_LATIN.get(ch.lower())
        if latin is None:
            out.append(ch)
            continue
        latin = "" if latin == "_" else latin
        out.append(latin.capitalize() if ch.isupper() else latin)
    return "".join(out)


def slug(name: str) -> str:
    """Return an id slug for a name in any script."""
    # Strip accents from Latin letters only: й and ё are letters of their own.
    plain = "".join(
        "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        if "LATIN" in unicodedata.name(ch, "")
        else ch
        for ch in name
    )
    parts = regex.findall(r"[\p{L}\p{N}]+", plain.lower())
    return "-".join(parts)


def holder(kb: KnowledgeBase, title: str, org: str, on: str | None) -> str | None:
    """Return the one person who held `title` at `org` on date `on`, if exactly one."""
    found = kb.holders(title, org, on)
    return found[0] if len(found) == 1 else None
