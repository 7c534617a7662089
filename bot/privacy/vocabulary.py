"""Words a quote must keep: public bodies, policy terms, vote words and places.

The statistical model tags "Ofsted" or "DfE" as an organisation and sometimes a person;
these are what members are talking *about*, not who they are, so no name-like detection
may cover them. Places (towns, counties, regions, countries) are kept as well: a quote
that says "in Leicester" names no one, and the policy team needs the geography.
Formats (emails, links, phone numbers, ids) are masked whatever words they contain.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Matched without regard to case, as whole words; "'s" after any of them is fine too.
PUBLIC_BODIES_AND_TERMS = """
Ofsted|DfE|Department for Education|Education Department|ESFA|Education and Skills Funding Agency|
Ofqual|EEF|Education Endowment Foundation|NHS|HMRC|Treasury|HM Treasury|Cabinet Office|Home Office|
DWP|Department for Work and Pensions|DHSC|Department of Health|MHCLG|Ministry of Housing|
Secretary of State|Education Secretary|Chancellor|Prime Minister|Schools Minister|Children's Minister|
Minister|Parliament|House of Commons|House of Lords|Education Select Committee|Select Committee|
Public Accounts Committee|National Audit Office|NAO|Government|the government|Whitehall|Westminster|
Downing Street|Number 10|No 10|Office for Students|OfS|Skills England|Children's Commissioner|
Regional Director|Regional Directors|RISE|Oak National Academy|National Tutoring Programme|Teach First|
Ambition Institute|Confederation of School Trusts|CST|NAHT|ASCL|NEU|NASUWT|Unison|GMB|Unite|NGA|
National Governance Association|ISBL|LGA|Local Government Association|IFS|Institute for Fiscal Studies|
EPI|Education Policy Institute|NFER|FFT|Sutton Trust|Nuffield Foundation|Education Support|
Church of England|Catholic Education Service|CES|Local Government Pension Scheme|LGPS|
Teachers' Pension Scheme|Teachers Pension Scheme|Teacher Pension Scheme|TPS|STRB|
School Teachers' Review Body|NJC|National Joint Council|STPCD|Burgundy Book|Green Book|
National Funding Formula|NFF|Pupil Premium|High Needs Block|High Needs|Dedicated Schools Grant|DSG|
General Annual Grant|GAG|Condition Improvement Fund|CIF|School Rebuilding Programme|SRP|
Schools White Paper|White Paper|Green Paper|SEND Green Paper|SEND Review|Improvement Plan|
Curriculum and Assessment Review|Children's Wellbeing and Schools Bill|Schools Bill|Education Act|
Children and Families Act|Equality Act|Academy Trust Handbook|Academies Financial Handbook|
Teachers' Standards|Early Career Framework|ECF|ECT|ECTs|NPQ|NPQs|NPQH|NPQSL|SATs|SAT|GCSE|GCSEs|
A level|A levels|T level|T levels|BTEC|BTECs|EBacc|Progress 8|Attainment 8|EHCP|EHCPs|EHC plan|
SEND|SEN|SEMH|ASD|ADHD|EAL|FSM|PP|KS1|KS2|KS3|KS4|KS5|EYFS|MAT|MATs|SAT|LA|LAs|the LA|RAAC|PFI|
CPD|INSET|TLR|TLRs|SLT|SENCo|SENCO|SENCos|DSL|HMI|HMCI|CAMHS|AP|PRU|PRUs|MIS|HR|CEO|CFO|COO|
Schools Week|Tes|BBC|Guardian|Times|Telegraph|ITV|Sky News|LinkedIn|Twitter|Instagram|Facebook|
WhatsApp|Slack|Discord|Teams|Zoom|Google|Microsoft|Excel|
Companies House|Charity Commission|
Agree|Partly agree|Disagree|Strongly agree|Strongly disagree|Not sure|Partly|
England|English|Wales|Welsh|Scotland|Scottish|Northern Ireland|Ireland|Irish|UK|Britain|British|
Great Britain|United Kingdom|Europe|EU|North East|North West|South East|South West|East of England|
East Midlands|West Midlands|Midlands|Yorkshire|Humber|Yorkshire and the Humber|London|the North|
the South|Cornwall|Devon|Kent|Essex|Cumbria|Lancashire|Norfolk|Suffolk|Birmingham|Manchester|
Leeds|Liverpool|Sheffield|Bristol|Newcastle|Leicester|Nottingham|Bradford|Coventry|Oldham|Lagos|
Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|
July|August|September|October|November|December|Christmas|Easter|Ramadan|Diwali|Eid|
Year R|Reception|Year 1|Year 2|Year 3|Year 4|Year 5|Year 6|Year 7|Year 8|Year 9|Year 10|Year 11|
Year 12|Year 13|Key Stage 1|Key Stage 2|Key Stage 3|Key Stage 4
"""

# Words that say what kind of body something is, or which role someone has: never, on their
# own, the part of a name that identifies.
GENERIC_WORDS = frozenset(
    """
    academy academies school schools trust trusts college colleges primary secondary infant infants junior
    juniors nursery nurseries high grammar community catholic church c e ce cofe rc of the and st saint
    multi multi-academy learning education educational federation partnership partnerships mat mats alliance
    diocese diocesan council county borough city district metropolitan ltd limited plc llp cic services
    solutions group national local free special studio sixth form upper lower middle village foundation
    voluntary aided controlled school's trust's academy's college's council's diocese's board
    mr mrs ms miss mx dr prof professor sir dame lord lady rev revd reverend canon father fr sister cllr
    councillor hmi head headteacher principal ceo cfo coo chair senco deputy
    """.split()
)

# Capitalised at the start of a sentence, the small model sometimes takes these for a
# name ("Email me at…", "Drop a line to…"); alone, they never are one.
SENTENCE_STARTERS = frozenset(
    """
    ask call contact dm drop email emailed follow hi hello hey join look meet message ping phone read
    reply ring see send share speak spoke tag talk text thanks thank watch write whatsapp please cheers
    congratulations agreed absolutely exactly sadly honestly frankly yes no
    """.split()
)

# Public bodies' own bare sites: a domain alone names no person. A link with a path is
# always masked, even on these (a path can be a named person's page or document).
PUBLIC_DOMAINS = re.compile(
    r"^(?:www\.)?(?:[a-z0-9-]+\.)*(?:gov\.uk|nhs\.uk|parliament\.uk|police\.uk|gov\.wales|gov\.scot|"
    r"ofsted\.gov\.uk|ofqual\.gov\.uk)$",
    re.IGNORECASE,
)

# All-capital policy acronyms the model calls organisations (NFF, SATs, RAAC, NPQH…).
ACRONYM = re.compile(r"^[A-Z][A-Z0-9]{1,5}s?$")


@lru_cache(maxsize=1)
def _protected_re() -> re.Pattern:
    terms = sorted({t.strip() for t in PUBLIC_BODIES_AND_TERMS.split("|") if t.strip()}, key=len, reverse=True)
    body = "|".join(re.escape(t).replace(r"\ ", r"\s+").replace("'", "['’]?") for t in terms)
    return re.compile(rf"(?<![\w@.])(?:{body})(?:['’]s)?(?![\w@])", re.IGNORECASE)


_PUBLIC_SITE = re.compile(
    r"(?<![\w@.\-/])(?:[a-z0-9\-]+\.)*(?:gov\.uk|nhs\.uk|parliament\.uk|police\.uk)(?![\w/])", re.I
)


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Where the kept vocabulary, and public bodies' bare sites, stand in the text."""
    return [m.span() for m in _protected_re().finditer(text)] + [m.span() for m in _PUBLIC_SITE.finditer(text)]


def is_protected_term(words: str) -> bool:
    match = _protected_re().fullmatch(words.strip())
    return match is not None


def is_public_domain(host: str) -> bool:
    return PUBLIC_DOMAINS.match(host) is not None
