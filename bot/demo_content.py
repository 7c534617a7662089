"""Demo content: realistic member replies, edits, deletions, ideas and reactions.

Data only. `REPLIES` is keyed by the slugs of the files in `bot/examples/`; each reply is
paired with the 0-based index of the option its author most plausibly voted for
(cards: 0 Agree, 1 Partly agree, 2 Disagree, 3 Not sure; the multiple-choice poll:
an index into its answers; the rating poll: 0-4 for ratings 1-5).
"""

from __future__ import annotations

REPLIES: dict[str, list[tuple[int, str]]] = {
    "send-funding": [
        (
            0,
            "Thanks for sharing this. Fully agree on the deficits. Our LA has been clear that when the override goes, "
            "everything is on the table, including top-up rates. We can't plan a three-year budget around that.",
        ),
        (0, "Yes, this is spot on 👍"),
        (
            1,
            "Partly agree. The deficit point is right but I'm nervous about 'a formal place' for trusts. We already sit "
            "on the schools forum and it mostly feels like we're there to be told what's being cut. A seat needs teeth: "
            "shared data and a real say on place planning.",
        ),
        (
            0,
            "EHCP timescales are what's breaking us. Families are waiting well beyond 20 weeks for a plan, and in the "
            "meantime the school funds the support from its core budget because the child is in front of us now.",
        ),
        (
            0,
            "Same here. We have several pupils waiting for a specialist placement and sitting in mainstream with a 1:1 "
            "we pay for. Nobody is counting that cost.",
        ),
        (
            2,
            "I'd push back a bit. If we frame this as 'fix the money first', it sounds like mainstream schools won't "
            "move on inclusion until someone writes a cheque. A lot of inclusive practice costs very little, it's "
            "culture and leadership: how we use TAs, how we train staff, whether heads see every child as theirs. "
            "I'd rather we led with what members already do, then made the funding case. "
            "Otherwise ministers just hear another request for money.",
        ),
        (
            1,
            "Agree with the direction, but the notional SEND budget is a calculation, not money, in our schools. Could "
            "the policy team say what 'real costs' would look like? Is there any modelling behind this?",
        ),
        (
            0,
            "Our resourced provision bases are full and the LA wants more of them, but it will only fund places, not "
            "the capital or the staff training. Inclusion capacity in mainstream is real but it has to be built, not "
            "assumed.",
        ),
        (
            3,
            "Not sure. Writing off deficits nationally rewards the LAs that overspent and does nothing for the ones "
            "that held the line. How would a settlement be fair between areas?",
        ),
        (
            0,
            "Strongly agree. Our CFO reckons we put a significant amount of general funding into SEND support every "
            "year that isn't recognised anywhere. This needs saying loudly.",
        ),
        (
            1,
            "Partly. Responsibility is the bit I'd want sharper. Right now the LA holds the statutory duty, we hold "
            "the child, and health holds the therapists. The card sort of says this but I'd lead with it.",
        ),
        (
            0,
            "Agree. Speech and language therapy waits are as big a problem as EHCP waits, if not bigger. Can health "
            "be named more explicitly in the ask?",
        ),
        (
            3,
            "Not sure what the ask of government actually is here - more money, or a different system? Members will "
            "ask us this and I'm not sure I could answer it from the card",
        ),
        (
            0,
            "Thanks for sharing this - have forwarded to our SENCo network. Teh point about recovery from school "
            "budgets is the one that will land with our board.",
        ),
        (
            1,
            "Partly agree. We support more inclusion in mainstream, but without specialist staff it turns into "
            "containment. Our SENCos spend half their week on assessment paperwork rather than with children.",
        ),
        (
            2,
            "Disagree with the trust 'place in planning' part. Trusts can't be both a provider and a commissioner of "
            "places. That's the LA's role and we should hold them to it, not blur it.",
        ),
    ],
    "teacher-recruitment": [
        (
            0,
            "Agree. Last year's award was confirmed after we'd set budgets, and the extra grant didn't cover the full "
            "cost for us once support staff were included. Timing matters almost as much as the amount.",
        ),
        (0, "Fully funded pay awards, yes, every time 👍"),
        (
            1,
            "Partly agree. Flexible working is doable in primary but really hard to timetable in a secondary with "
            "shortage subjects. If our only physics teacher goes to four days, who teaches the fifth?",
        ),
        (
            0,
            "We moved to PPA at home one afternoon a fortnight and offered part-time leadership roles. Retention among "
            "staff with young families has noticeably improved. It can be done, but it needs timetabling expertise "
            "most schools don't have in house. We ended up paying for a consultant to help our secondaries redesign the "
            "timetable around part-time staff, and I'd love the association to broker that kind of support.",
        ),
        (
            2,
            "Disagree that these are the two biggest levers. For us it's housing costs and behaviour. Pay and "
            "flexibility help at the margins, but teachers leave because the job feels unmanageable in some schools.",
        ),
        (
            0,
            "Support staff pay needs to be in here too. Their award is just as unfunded and we're losing TAs to "
            "supermarkets. Recruiting teachers won't help if we can't staff the classroom around them.",
        ),
        (
            1,
            "The early career framework is right in principle but our mentors say the workload is heavy, and ECTs "
            "feel over-assessed in their first two years. Worth asking for a review alongside the funding?",
        ),
        (
            3,
            "Not sure. Is there actual evidence that flexible working improves retention, or is it just what people "
            "say in surveys? Happy to be convinced, but 'best bet' feels like the right label.",
        ),
        (
            0,
            "Thanks for sharing this. Agree, and I'd add that funding should be multi-year. We can't keep making "
            "staffing decisions on one year of certainty.",
        ),
        (
            0,
            "Maths and physics are almost impossible to recruit here; we've re-advertised one post three times. The "
            "retention payments help a bit but they're too narrow.",
        ),
        (
            1,
            "Partly agree on NPQs. Fully funded places matter, but if eligibility narrows to certain schools again our "
            "middle leaders miss out. Can the policy team clarify exactly what we're asking for on NPQs?",
        ),
        (0, "Yes to all of this, particularly the timing."),
        (
            2,
            "I'd disagree slightly. Every association calls for fully funded pay awards. It won't differentiate us. "
            "What's our distinctive ask?",
        ),
        (
            0,
            "Agreed, esp. the grow your own bit. Our TA-to-teacher route has given us some of our best teachers and "
            "they stay local. More support for teaching apprenticeships please",
        ),
        (
            3,
            "Not sure how flexible working works for heads tbh. Job-share headship is rare and governors are "
            "nervous about it.",
        ),
        (
            1,
            "Partly. Workload is the missing word. Flexible working without reducing workload just squeezes the same "
            "job into fewer days.",
        ),
    ],
    "inspection-reform": [
        (
            3,
            "Not sure yet. We've had one report card inspection so far and it felt more collaborative than before, "
            "but one inspection isn't evidence of anything.",
        ),
        (
            0,
            "Agree strongly. Inspecting trusts on top of schools risks doubling the burden on the same small central "
            "team. Let the report cards settle first.",
        ),
        (
            0,
            "Thanks for sharing this. The evaluation has to be genuinely independent, not Ofsted marking its own "
            "homework.",
        ),
        (
            1,
            "Partly agree. I'd support trust inspection in principle, some trusts do need more scrutiny, but the "
            "framework has to be built with us. I'd soften the 'before' and focus on the 'how'.",
        ),
        (
            2,
            "Disagree. Trusts are responsible for their schools and at the moment nobody properly inspects that "
            "layer. Waiting another year delays accountability we should be welcoming.",
        ),
        (
            0,
            "A five-point scale across several areas means a lot more grades to explain to parents. Ours just want "
            "to know whether the school is good. Worth evaluating how parents actually read them.",
        ),
        (
            1,
            "Partly. Staff wellbeing was the reason we pushed for change. The card should say more about that. Has "
            "the pressure on heads actually eased? That's the real test.",
        ),
        (
            0,
            "Agree 👍 Consistency between inspectors is my main worry. Two similar schools near us got quite "
            "different grades for inclusion.",
        ),
        (
            3,
            "Who would do the independent evaluation, and would members see the data? Not sure I can vote until I "
            "know.",
        ),
        (
            0,
            "Agree. We already have conversations with the regional director, DfE trust quality descriptions and "
            "Ofsted at school level. Adding trust inspection without removing something else is just more layers.",
        ),
        (
            2,
            "I'd disagree with waiting. The longer the trust framework takes, the more it will be designed without us. "
            "Better to be in the room now.",
        ),
        (
            0,
            "Yes - the evaluation should include the cost in leadership time. Our heads spent weeks on preparation, "
            "which is time away from teaching and learning",
        ),
        (
            1,
            "Partly agree. The toolkits are clearer than the old handbook, but 'expected standard' is being read "
            "locally as a soft fail, which surely wasn't the intention.",
        ),
        (
            0,
            "agree, our board keeps asking what report cards and trust inspection mean for our growth plans. Nobody "
            "knows yet.",
        ),
        (3, "Not sure. Genuinely mixed views in our leadership team."),
    ],
    "poll-cpd-priorities": [
        (
            0,
            "SEND every time. Our SENCos and heads need practical support on inclusion in mainstream, not more "
            "conferences about the policy.",
        ),
        (4, "Flexible working. We want to do it well but don't know how to timetable it in secondary."),
        (
            6,
            "AI please 🙏 Specifically what's safe for staff to use with pupil data and what isn't. We've had three "
            "different answers from three different suppliers.",
        ),
        (
            2,
            "Report cards. Our heads want to see real examples of what inspectors look for under each evaluation area.",
        ),
        (
            3,
            "Finance and estates, particularly condition funding bids and energy contracts. Our CFO network would "
            "love more on this.",
        ),
        (5, "Governance. Trustee recruitment is getting harder and we'd value sessions for chairs as well as CEOs."),
        (7, "Attendance. Persistent absence is still our biggest challenge and it's hitting outcomes."),
        (
            0,
            "Voted for SEND and curriculum. Could some sessions be for CFOs as well as CEOs? Half of the SEND "
            "problem is a finance problem.",
        ),
        (
            1,
            "Curriculum and assessment, especially after the curriculum and assessment review. Would be good to have "
            "time to think about what it means for a trust-wide curriculum.",
        ),
        (4, "Retention. Thanks for running this poll!"),
        (6, "AI, but please make it practical, not hype."),
        (
            2,
            "Ofsted prep, but framed as improvement not performance. Don't want it to feel like mock inspection "
            "training",
        ),
        (0, "Inclusion. Would love a session on resourced provision models that actually work"),
        (3, "Procurement: would be good to share what trusts have saved through joint buying."),
        (5, "Governance and working with boards, esp. for new CEOs in their first year."),
    ],
    "poll-inspection-describes": [
        (
            4,
            "5. We stopped mock inspections two years ago. Our QA cycle is the same every term whenever Ofsted is due.",
        ),
        (3, "4. Mostly true, though I'll admit we do a bit more when we know the window is approaching."),
        (
            1,
            "2, honestly. Heads still ask for a mock because it settles their nerves, and we haven't felt able to say "
            "no.",
        ),
        (2, "3. Our central team visits are meant to be developmental, but schools experience them as inspection."),
        (0, "1. We buy in external reviews before inspection windows. It's expensive but trustees like the assurance."),
        (
            3,
            "Thanks for asking this. A 4 from us. The report card toolkits have actually helped us line up our QA with "
            "what inspectors look at.",
        ),
        (4, "5, and it's made a real difference to staff wellbeing 👍"),
        (2, "3. Trust-wide QA is consistent in our primaries, less so in our secondaries."),
        (1, "2 - we're moving that way, but with the new framework a lot of heads want to 'test' it first."),
        (
            3,
            "4. Does the policy team think members should move away from mock inspections altogether? Feels like "
            "there's a position in there somewhere.",
        ),
        (
            0,
            "1 if I'm honest. We're a young trust and inherited schools with very different approaches; one of them "
            "still runs full mocks.",
        ),
        (2, "3, somewhere in the middle 🤔"),
        (4, "5. Inspection readiness should be a by-product of good QA, not a project of its own."),
        (3, "4, though peer review between our schools now matters more than central visits."),
    ],
}

# (slug, index into REPLIES[slug], new text): members revising what they wrote.
EDITS: list[tuple[str, int, str]] = [
    (
        "send-funding",
        13,
        "Thanks for sharing this - have forwarded to our SENCo network. The point about recovery from school budgets "
        "is the one that will land with our board.",
    ),
    (
        "teacher-recruitment",
        12,
        "I'd disagree slightly. Every association calls for fully funded pay awards, so on its own it won't "
        "differentiate us. The timing point (confirmed before budget-setting) is the distinctive ask, and I'd lead "
        "with that.",
    ),
    (
        "inspection-reform",
        8,
        "Who would do the independent evaluation, and would members see the data? Having reread the card, I'd lean "
        "towards partly agree, but it depends on those answers.",
    ),
]

# (slug, index into REPLIES[slug]): replies their authors later deleted.
DELETIONS: list[tuple[str, int]] = [
    ("poll-cpd-priorities", 10),
    ("inspection-reform", 13),
]

# What members might suggest with /idea.
IDEAS: list[str] = [
    "A shared bank of anonymised case studies showing what an EHCP actually costs a school to deliver, compared "
    "with the top-up funding received, so trusts can have better-evidenced conversations with their local authority.",
    "Could the association run a termly CFO roundtable on budget-setting, especially in years when the pay award is "
    "confirmed late? Sharing assumptions would save everyone a lot of guesswork.",
    "A template flexible working policy for leadership roles, including job-share headship, with examples from trusts "
    "that have made it work and what their boards needed to see first.",
    "Please publish a short plain-English guide for parents on how to read the new Ofsted report cards, which schools "
    "could put on their websites.",
    "A peer review network for trust central teams, so we can test our quality assurance against trusts of a similar "
    "size instead of buying in external mock inspections.",
    "Lobby for multi-year revenue funding settlements for schools. One year of certainty makes it almost impossible "
    "to plan staffing sensibly.",
    "An anonymous benchmarking tool for support staff pay and turnover. We keep losing teaching assistants to retail "
    "and want to know whether it's just us.",
    "Guidance on using AI tools for admin safely, with a short list of data protection questions to ask suppliers "
    "before we sign anything.",
    "Regional meet-ups for CEOs in their first two years. The national conference is great, but it's hard to get "
    "frank advice in a hall of hundreds.",
    "Could the policy team collect examples of good local area SEND partnerships between trusts and local "
    "authorities? Positive models would strengthen our case as much as the problems do.",
]

# Emoji reactions plausible on a policy post.
REACTIONS: list[str] = ["👍", "🤔", "👀", "💯", "🙌", "👏"]
