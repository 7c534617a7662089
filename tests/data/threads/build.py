# ruff: noqa: E501  (hand-written replies, one a line)
"""Builds the labelled threads in this folder from the hand-written replies and fragments below.

    .venv/bin/python tests/data/threads/build.py

Deterministic: the same script writes the same files. Each card gets hand-written whole replies
per theme, then more replies composed from hand-written sentences (1-3 sentences, each sentence
used at most twice, sometimes with a generic sentence or a passing mention of another theme of
the same card), off-topic replies that belong to no theme, authors who sometimes reply twice and
each author's current vote. `stock.json` is the same threads with stock openers and sign-offs on
70% of replies; `small.json` is a 12-reply thread.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent

GENERIC = [
    "Our board discussed exactly this last week.",
    "This comes up at every heads' meeting.",
    "It's getting worse, not better.",
    "I'd go further than the card does.",
    "We've raised it with our MP.",
    "[a person] on our board says the same.",
    "Colleagues at [a trust] tell me it's the same for them.",
    "There's more detail in our response here: [link]",
    "Happy to share our figures if useful: [email]",
    "This matters more than anything else on the list.",
    "Honestly, we are at breaking point.",
    "It's the same picture across all of our schools.",
    "[a school] is the worst affected of ours.",
    "I've written to the regional director about it.",
    "I can't see it changing without national action.",
    "Our trustees ask about this at every meeting.",
]

CARDS = {
    "SEND-1": {
        "title": "Make high-needs funding follow the statutory duty",
        "themes": {
            "ehcp_delays": {
                "n": 48,
                "votes": {"Agree": 0.6, "Partly agree": 0.15, "Disagree": 0.05, "Not sure": 0.05, None: 0.15},
                "whole": [
                    "Our average wait for a final EHCP is now 38 weeks. The legal limit is 20. Families ring us because nobody at the LA picks up.",
                    "Assessments are the bottleneck. [a place] has two educational psychologists for the whole county, so requests just sit in a queue.",
                    "We have a Year 9 boy who was referred in Year 7. Still no plan. By the time it arrives he'll be sitting his GCSEs.",
                    "EHCP timescales are routinely missed and there is no consequence for the local authority when they are.",
                    "Agree. The delays to plans are the single thing parents raise with me most.",
                    "Annual reviews are months late too, so plans describe a child who no longer exists.",
                    "We end up funding support out of our own budget while we wait for the plan to be issued, then the plan comes back with fewer hours than we are already giving. Then the argument starts about who pays for the difference, and the child is caught in the middle of it for another term.",
                    "Tribunals overturn most refusals, which tells you the decisions to refuse assessment were wrong in the first place. That adds another six months.",
                    "Waiting times for assessment are the real scandal here.",
                    "Half our new starters in reception arrive with a request in progress and nothing in place.",
                    "Parents are paying for private EP reports because the wait for the council one is over a year. That's not fair on families who can't.",
                    "The 20-week deadline is a fiction in our area. [a person] at the LA told us to expect 40.",
                    "Spot on about the backlog. Our SENCO chases the same caseworker every week and gets an out-of-office.",
                    "Until assessment capacity is fixed nothing else on this card will matter much.",
                    "Drafts arrive with another child's details in some sections. That's how rushed it is once it finally moves.",
                    "Plans take far too long.",
                    "We had three plans finalised this term out of 19 requested since September.",
                    "Could the association collect data on how long plans actually take in each LA? The published figures hide the worst of it.",
                    "Consultations with special schools take forever as well: a plan can name a school that hasn't even agreed to take the child.",
                    "EHCP waits. Every single meeting.",
                ],
                "parts": [
                    "The assessment queue in our county is over 30 weeks.",
                    "Children wait most of a school year for a decision.",
                    "Our SENCO spends her week chasing caseworkers for updates.",
                    "Families feel abandoned while the paperwork crawls along.",
                    "Educational psychologists are booked up until the summer.",
                    "Statutory deadlines are missed more often than they are met.",
                    "Annual reviews slip by months.",
                    "By the time the plan is issued the needs have changed.",
                    "Parents are turning to tribunal just to get an assessment started.",
                    "The local authority admits the backlog but has no plan to clear it.",
                    "Requests for assessment are refused first and agreed on appeal.",
                    "We can't get a straight answer on when a draft plan will arrive.",
                    "The wait for an EHCP is longer than the wait for a hip operation round here.",
                    "Transitions to secondary are a mess because plans aren't finalised in time.",
                    "Some pupils have moved schools twice while their assessment was pending.",
                    "Timescales for EHC needs assessments should be enforced.",
                    "A named caseworker would help, ours have changed four times this year.",
                    "We keep a spreadsheet of every overdue plan and it grows weekly.",
                    "Health advice for the plans is what holds things up, the paediatric waits are huge.",
                    "Delays to assessments mean support starts far too late.",
                ],
            },
            "high_needs_deficit": {
                "n": 36,
                "votes": {"Agree": 0.7, "Partly agree": 0.1, "Disagree": 0.0, "Not sure": 0.05, None: 0.15},
                "whole": [
                    "The high-needs deficit in our LA is over £60m and the statutory override ends soon. When it does, the council is effectively bankrupt.",
                    "Top-up rates haven't moved in four years while costs have gone up by a fifth. The sums don't work.",
                    "We've been told the banding is being 'reviewed', which in practice means cut.",
                    "Safety valve agreements are being paid for by mainstream schools through lower top-ups. That's what the card should say.",
                    "The high needs block is simply too small for the number of children with plans now.",
                    "Our LA proposed moving 0.5% from the schools block again. Every year the same conversation at schools forum.",
                    "Independent special school places cost £60k+ each and that's where the deficit comes from. Build state special places.",
                    "Deficit, deficit, deficit. The money isn't there and everyone knows it.",
                    "We're subsidising SEND support from the general budget by about £200k a year because the element 3 funding doesn't cover the hours in the plans.",
                    "The notional SEND budget is a calculation, not cash. Schools are expected to find the first £6,000 from money that's already spent.",
                    "The override is a sticking plaster. Someone has to write off these deficits or they'll swallow council budgets whole.",
                    "Funding per plan has fallen in real terms every year since 2015.",
                    "At schools forum last month the high-needs overspend was projected to double by 2027.",
                    "Agree strongly. Until the funding formula reflects actual demand the deficit just grows.",
                    "Our council wants to claw back mainstream funding to plug the hole. We can't support that.",
                    "Underfunding of high needs is the root cause; everything else is a symptom.",
                    "The DSG deficit should be taken off council balance sheets and dealt with nationally.",
                ],
                "parts": [
                    "The council's dedicated schools grant deficit is growing every year.",
                    "Top-up funding has been frozen while salaries have risen.",
                    "The £6,000 threshold hasn't changed since 2014.",
                    "Schools forum keeps being asked to transfer money out of the schools block.",
                    "The safety valve deal in our area came with cuts to banding.",
                    "High-needs budgets are overspent before the financial year starts.",
                    "Special school places are so scarce that out-of-area placements eat the budget.",
                    "The statutory override only postpones the reckoning.",
                    "We are cross-subsidising SEND from core funding.",
                    "Element 3 payments arrive late and short.",
                    "National funding for high needs has not kept pace with the rise in plans.",
                    "The formula allocates money on historic spend, not current need.",
                    "Councils will not balance their books while the deficit sits with them.",
                    "A multi-year settlement for high needs would at least let us plan.",
                    "Banding reviews are cuts by another name.",
                    "The overspend is structural, not a matter of better management.",
                    "Funding has to follow the child, and right now it doesn't.",
                    "Transport costs for SEND pupils are adding millions to the deficit too.",
                ],
            },
            "inclusion_staffing": {
                "n": 29,
                "votes": {"Agree": 0.25, "Partly agree": 0.45, "Disagree": 0.1, "Not sure": 0.05, None: 0.15},
                "whole": [
                    "We can't recruit teaching assistants at £12 an hour when the supermarket down the road pays more and there's no behaviour to manage.",
                    "Our SENCO has no protected time. She teaches four days and does SEN in the evenings.",
                    "TAs are the backbone of inclusion in our primaries and we lose one a month.",
                    "Inclusion without staff is just containment. We need people with the training to support autistic pupils in mainstream classes.",
                    "Specialist teachers for hearing and visual impairment are retiring and nobody is training to replace them.",
                    "The SENCO qualification is great but we can't release people to do it.",
                    "We had 11 TA vacancies in September across the trust. Agencies can't fill them either.",
                    "Support staff pay is the problem. The national award squeezes the bottom of the scale and assistants leave for retail.",
                    "One-to-one support written into plans is impossible to staff. We advertise and get no applicants.",
                    "Training for class teachers on adaptive teaching would go further than another bolt-on unit.",
                    "Resource bases need qualified staff and we can't find them.",
                    "Our best TAs train as teachers and leave the role, which is great for them but leaves a gap.",
                    "Partly agree. Money matters, but the staffing shortage would still be there tomorrow if the cheque arrived today.",
                    "SENCOs are burning out. Three of ours have stepped down this year.",
                    "Speech and language therapists are impossible to get into school; we buy time privately when we can find anyone.",
                    "TA recruitment.",
                ],
                "parts": [
                    "Teaching assistant vacancies take months to fill.",
                    "Support staff are leaving for better-paid jobs in retail and care.",
                    "Our SENCOs need more than one day a week to do the job.",
                    "Staff need proper training to support pupils with complex needs.",
                    "We rely on agency TAs who change every few weeks.",
                    "Nobody applies for the one-to-one posts.",
                    "Specialist staff such as speech therapists are almost impossible to recruit.",
                    "Experienced assistants are the people who make inclusion work in a classroom.",
                    "The pay scale for support staff has been flattened by minimum wage rises.",
                    "Class teachers tell us they don't feel equipped for the range of needs.",
                    "We lose good assistants because the contracts are term-time only.",
                    "Release time for the SENCO award is hard to fund.",
                    "Behaviour support staff are stretched across too many pupils.",
                    "A career path for teaching assistants would help us keep them.",
                    "Our nurture provision closed because we couldn't staff it.",
                    "Inclusion depends on having enough adults in the room.",
                ],
            },
        },
        "off": [
            "Is the regional conference still going ahead in March?",
            "Could someone share the slides from Tuesday's webinar? [link]",
            "Not about this card, but the membership renewal went to our old finance lead. Can it go to [email] instead?",
            "Our heating has failed again, so half the school is in coats today.",
            "Anyone going to the [a place] network meeting on Thursday?",
            "Where do I find last year's card results?",
            "👍",
        ],
    },
    "PAY-1": {
        "title": "Fund every teacher pay award in full",
        "themes": {
            "pay_funding": {
                "n": 52,
                "votes": {"Agree": 0.75, "Partly agree": 0.05, "Disagree": 0.02, "Not sure": 0.03, None: 0.15},
                "whole": [
                    "Last year's award was confirmed after we'd set budgets, and the grant didn't cover the full cost. We've used reserves twice now.",
                    "An unfunded 5.5% is a cut to everything else. We've cut two teaching posts to pay for it.",
                    "The pay grant is calculated on pupil numbers, not on our actual staff costs, so small schools with experienced staff lose out.",
                    "Agree. If the government sets the award, the government should fund it. Simple.",
                    "We're told schools can afford it from 'efficiencies'. There are none left.",
                    "The grant covered about 60% of the cost for us. The other 40% came out of the curriculum budget.",
                    "Fully funded has to mean funded for every school, not on average across the system.",
                    "Pay awards keep landing in July after budgets are signed off in May. We need the figure before we set the budget.",
                    "Our deficit this year is almost entirely the gap in pay funding.",
                    "Support staff awards need funding too; they're never in the teacher grant and they hit us just as hard.",
                    "The award is right, teachers deserve it. The problem is that it's announced without the money.",
                    "Rolling the pay grant into the baseline hides the fact it never matched costs.",
                    "We are now setting deficit budgets for the first time in the trust's history, purely because of unfunded pay. Our finance director has modelled every option: larger classes, fewer options at GCSE, a smaller leadership team, selling the minibus. None of them closes the gap on its own, and all of them hurt children. If the government wants the award, it has to send the money with it.",
                    "Fund it or don't announce it.",
                    "Falling rolls plus unfunded pay rises is a very bad combination for primary.",
                    "The review body should have to cost its recommendations against school budgets.",
                ],
                "parts": [
                    "The additional grant never matches the real cost of the award.",
                    "We have drawn on reserves to meet the pay rise two years running.",
                    "Budgets are set before the award is announced.",
                    "Each percentage point costs our trust roughly £400k.",
                    "The shortfall falls hardest on schools with older, more experienced staff.",
                    "We can't keep cutting the non-staff budget to pay salaries.",
                    "A funded award would end the annual guessing game.",
                    "Our finance team models three pay scenarios every spring.",
                    "The grant formula uses pupil numbers, which misses our costs.",
                    "Funding announcements should come with the award, not months later.",
                    "Any award above 3% has to be fully funded or posts go.",
                    "Employer pension contributions have gone up too, and that was only partly covered.",
                    "Without full funding the pay rise becomes a redundancy round.",
                    "Multi-year pay settlements would let us plan properly.",
                    "The gap between the award and the grant is eating our reserves.",
                    "Trusts shouldn't have to choose between paying staff fairly and keeping class sizes down.",
                    "Unfunded pay awards are a cut by the back door.",
                ],
            },
            "recruitment": {
                "n": 34,
                "votes": {"Agree": 0.45, "Partly agree": 0.3, "Disagree": 0.05, "Not sure": 0.05, None: 0.15},
                "whole": [
                    "We had no applicants for a physics post this year. None. A supply teacher has covered since September.",
                    "Retention is the bigger problem. Our early career teachers leave in year three or four, mostly to teach abroad or to leave teaching.",
                    "Starting salary helps, but it's the mid-career people we are losing to other sectors.",
                    "Maths, physics, computing and languages are impossible to recruit in our area.",
                    "Agency fees for supply cover have doubled since 2019.",
                    "We lose staff to [a place] because the London weighting makes a difference of several thousand pounds.",
                    "Grow-your-own routes have given us our best teachers. Fund apprenticeships properly.",
                    "We advertised a head of English role three times before we appointed.",
                    "Teacher training numbers are well below target for secondary, so the shortage is only going to get worse.",
                    "Housing costs here mean young teachers can't afford to live near the school.",
                    "Our exit interviews say the same thing: people leave because they're exhausted and can earn more elsewhere.",
                    "Vacancies.",
                    "Non-specialists are teaching a third of our science lessons.",
                    "Relocation support would help rural schools like ours; nobody moves here for a main scale post.",
                    "The retention payments for shortage subjects worked. They should be brought back and widened.",
                    "International recruitment is expensive and visas are a nightmare.",
                ],
                "parts": [
                    "We struggle to fill posts in shortage subjects.",
                    "Applications for teaching posts have dried up.",
                    "Early career teachers are leaving within five years.",
                    "Supply agencies charge us a fortune for cover.",
                    "Experienced teachers are moving abroad for better pay and conditions.",
                    "We have had to use non-specialists to cover maths.",
                    "Recruitment adverts cost us thousands and attract a handful of candidates.",
                    "Trainee numbers are falling year on year.",
                    "Rural schools find it hardest to attract new staff.",
                    "Retention bonuses for science teachers made a real difference.",
                    "Our vacancy rate is the highest it has been in a decade.",
                    "Too many good teachers quit before they reach middle leadership.",
                    "Graduates can earn more in other careers from day one.",
                    "We have started a teacher apprenticeship to grow our own staff.",
                    "Leaders spend weeks every term trying to find cover.",
                    "Exit interviews tell us pay is only part of why people leave.",
                ],
            },
            "workload": {
                "n": 27,
                "votes": {"Agree": 0.2, "Partly agree": 0.5, "Disagree": 0.1, "Not sure": 0.05, None: 0.15},
                "whole": [
                    "Workload is the missing word in this card. Pay won't keep people if the job takes 55 hours a week.",
                    "We've cut data drops from six to three a year and stopped written marking in KS3. Staff noticed straight away.",
                    "Flexible working is doable in primary but really hard to timetable in secondary.",
                    "Emails after 6pm are the thing our staff survey complains about most.",
                    "Teachers spend evenings and weekends on planning. That's the culture we need to break.",
                    "Planning, preparation and assessment time gets eaten by cover when we're short-staffed.",
                    "Partly agree. The hours are the issue as much as the money.",
                    "Our wellbeing survey had 70% of teachers saying they couldn't switch off at the weekend.",
                    "Accountability drives workload: every new initiative adds a spreadsheet.",
                    "We introduced a shared curriculum so teachers don't plan every lesson from scratch. It's made a huge difference.",
                    "Parent emails expecting replies within the hour are new since the pandemic and they're relentless.",
                    "Workload.",
                    "A protected day of PPA at home once a fortnight has been our best retention tool.",
                    "The marking policy was the first thing we changed. Verbal feedback, no triple-marking.",
                    "Nobody joins teaching expecting a 9 to 5, but 60-hour weeks aren't sustainable.",
                ],
                "parts": [
                    "Our staff work well over fifty hours a week in term time.",
                    "Marking and data entry take up most evenings.",
                    "Flexible working requests are rising and we try to say yes.",
                    "Teachers tell us the hours, not the pay, push them out.",
                    "We have reduced meetings to one a week.",
                    "Planning time is constantly lost to covering absent colleagues.",
                    "Email expectations have got out of hand.",
                    "Our staff wellbeing survey shows burnout is widespread.",
                    "Report writing season takes over everyone's weekends.",
                    "Cutting pointless paperwork would do more than any bonus.",
                    "Part-time and job-share arrangements help us keep experienced staff.",
                    "Every new initiative comes with extra admin.",
                    "Workload reduction has to be real, not another charter to sign.",
                    "Teachers need time to think, not just time to teach.",
                    "Lunchtime and after-school duties eat into the little free time staff get.",
                    "We stopped graded lesson observations and workload fell.",
                ],
            },
        },
        "off": [
            "When is the next CEO network meeting?",
            "Can we have a card on energy costs next?",
            "Apologies, I replied to the wrong thread earlier.",
            "The link in the newsletter is broken: [link]",
            "Who do I contact about changing our main contact? [a person] has left.",
            "Is the card on school meals coming back?",
            "Good luck to everyone with Year 11 mocks this week.",
            "🙏🙏",
        ],
    },
    "OFSTED-1": {
        "title": "Replace single-word inspection grades",
        "themes": {
            "grades": {
                "n": 31,
                "votes": {"Agree": 0.55, "Partly agree": 0.2, "Disagree": 0.1, "Not sure": 0.0, None: 0.15},
                "whole": [
                    "Single-word judgements squash a complicated school into one word that then follows it for years.",
                    "The new report card is better than one word, but five grades across ten areas still invites league tables.",
                    "'Requires improvement' makes it harder to recruit the very staff a school needs to improve.",
                    "Parents want a simple summary, so I understand why grades exist, but the word 'inadequate' is brutal.",
                    "Get rid of the overall grade and keep the narrative. The narrative is where the useful bit is.",
                    "Judgements should describe strengths and areas to develop, not rank schools.",
                    "A grade is a crude label. Two schools rated 'good' can be worlds apart.",
                    "We were 'good' for ten years with the same practice that got us 'requires improvement' last spring. The grade tells you more about the framework than the school.",
                    "Agree. Scrap the headline grades.",
                    "The report card has too many colour-coded boxes. Families will read it like a traffic light.",
                    "Estate agents quote the grade, that's how much weight it carries.",
                    "Grades create a cliff edge for schools near the boundary between good and requires improvement.",
                    "A simple descriptor with context on intake and funding would be fairer than a score.",
                    "One-word grades.",
                    "Outstanding schools were exempt for a decade and now get downgraded on the first visit back. The grades were never reliable.",
                ],
                "parts": [
                    "Headline grades reduce a school's work to a single word.",
                    "The overall judgement ends up in every local newspaper story.",
                    "Report cards with many grades are still grades.",
                    "An inadequate judgement can trigger academy orders or re-brokering overnight.",
                    "Parents deserve clear information but not a crude ranking.",
                    "The grading scale should be replaced with a written evaluation.",
                    "A 'requires improvement' label makes recruitment much harder.",
                    "The judgement categories don't capture context such as disadvantage.",
                    "Grade boundaries are a cliff edge for schools.",
                    "Narrative reports would be far more useful to governors.",
                    "Schools are ranked by their grade whether we like it or not.",
                    "The grade sticks for years even after a school has changed.",
                    "Removing the single-word outcome was right, but the replacement needs fewer scores.",
                    "Colour-coded ratings will be read as a league table.",
                    "Outcomes should describe what a school does well and what it must fix.",
                ],
            },
            "inspection_stress": {
                "n": 42,
                "votes": {"Agree": 0.65, "Partly agree": 0.15, "Disagree": 0.0, "Not sure": 0.05, None: 0.15},
                "whole": [
                    "The phone call is the worst part. Every Monday and Tuesday morning the whole leadership team is on edge.",
                    "I've watched brilliant heads leave the profession after an inspection. The stress is not proportionate to anything.",
                    "Our staff were in tears after the two days. Not because the outcome was bad, but because the process was brutal.",
                    "Mental health support for leaders during and after inspection should be automatic, not something you have to ask for.",
                    "Partly agree. Accountability is needed, but the pressure on individuals has become dangerous.",
                    "Heads shouldn't be left alone with a judgement at 6pm and told not to share it with anyone.",
                    "The anxiety starts months before the window opens. People run mock inspections that are as stressful as the real thing.",
                    "We need a pause button when a head is unwell or bereaved. The deferral rules are too strict.",
                    "Wellbeing of leaders has to be part of how inspection is designed, not an afterthought.",
                    "Inspection stress is driving our deputies away from headship. Nobody wants the job.",
                    "My deputy hasn't slept properly since our visit in October.",
                    "Confidentiality rules mean heads can't even talk to their families about the outcome. That isolation is cruel.",
                    "Stress.",
                    "The fear of inspection shapes every decision we make, and not for the better.",
                    "Since the inquest there has been talk of change, but staff still dread the call.",
                    "Teachers are off sick after inspections. We had three on long-term absence after ours. One of them was a head of year who had been with us for fifteen years, and she told me the two days were the worst of her career, worse than any parent complaint or any bad results day. She is back now, part-time, but I am not sure she will stay.",
                ],
                "parts": [
                    "The wait for the call causes real anxiety.",
                    "Leaders are exhausted after two days of inspection.",
                    "Staff wellbeing suffers for weeks after a visit.",
                    "Headteachers feel personally blamed for the outcome.",
                    "Nobody should have to keep a judgement secret from their own family.",
                    "The pressure of inspection is pushing people out of school leadership.",
                    "Our governors now budget for counselling for the head.",
                    "The emotional toll on staff is enormous.",
                    "Fear of the next inspection shapes every staff meeting.",
                    "Mock inspections add to the stress rather than reducing it.",
                    "Deputy heads tell us they won't apply for headship because of inspection.",
                    "There should be a wellbeing check built into the process.",
                    "Some colleagues have never recovered their confidence.",
                    "Sleepless nights before the window are normal now, and they shouldn't be.",
                    "The process feels punitive rather than supportive.",
                    "Several of our teachers went off sick after the visit.",
                ],
            },
            "inspector_consistency": {
                "n": 37,
                "votes": {"Agree": 0.4, "Partly agree": 0.3, "Disagree": 0.1, "Not sure": 0.05, None: 0.15},
                "whole": [
                    "Two schools in our trust with near-identical practice got different outcomes a month apart. The difference was the lead inspector.",
                    "Some inspectors are serving heads who get it, others haven't been in a classroom for twenty years.",
                    "Deep dives depend hugely on which subject the team picks and who does it.",
                    "The inspection team at [a school] didn't seem to have read the framework the same way as the team that came to us.",
                    "Inconsistency is the biggest problem. The same evidence gets read differently by different inspectors.",
                    "HMI and contracted inspectors are not equally trained. You can tell within an hour which one you have.",
                    "There should be a second inspector moderating any judgement that changes a grade.",
                    "The complaints process is run by the same organisation, so nobody trusts it.",
                    "Lead inspectors from a secondary background inspecting a tiny rural primary is a recipe for misunderstanding.",
                    "Calibration between inspection teams is clearly weak.",
                    "We'd accept a tough judgement if we believed it would be the same whichever team turned up.",
                    "Inspectors should have recent, relevant experience of the phase they inspect.",
                    "Consistency.",
                    "Our two special schools were inspected by teams with no SEND experience at all.",
                    "Quality assurance of reports happens after the fact, too late to change anything on the day.",
                ],
                "parts": [
                    "Outcomes depend too much on who leads the inspection.",
                    "Different teams interpret the framework differently.",
                    "Inspectors need current experience in the phase they are judging.",
                    "The quality of inspectors varies enormously.",
                    "Training for contracted inspectors seems thin.",
                    "We have seen similar evidence judged very differently.",
                    "An independent complaints route would build trust.",
                    "Judgements should be moderated before they are published.",
                    "Lead inspectors sometimes arrive with a view already formed from the data.",
                    "Special schools need inspectors who understand special education.",
                    "Deep dives give very different pictures depending on the subject chosen.",
                    "Reliability studies on inspection judgements should be published.",
                    "Consistency between inspectors matters more to us than the grading scale.",
                    "Some inspection teams listen, others have made their minds up.",
                    "A second opinion on borderline calls would make outcomes fairer.",
                ],
            },
        },
        "off": [
            "Does anyone have a good template for a trustee skills audit?",
            "Reminder: the survey on energy contracts closes Friday.",
            "Can this card be shared with our governors or is it members only?",
            "Hi all, new CEO at [a trust] here, looking forward to joining these discussions.",
            "Which card is the one on trust inspection? I can't find it.",
            "Our snow day plan is being tested this week!",
            "😂",
        ],
    },
    "ESTATES-1": {
        "title": "A capital programme for school buildings",
        "themes": {
            "building_condition": {
                "n": 33,
                "votes": {"Agree": 0.7, "Partly agree": 0.1, "Disagree": 0.0, "Not sure": 0.05, None: 0.15},
                "whole": [
                    "Three of our roofs leak every winter. The condition fund bid was rejected again because others are worse.",
                    "We closed two classrooms last year when RAAC was found. The temporary buildings are still here.",
                    "CIF bidding is a lottery that takes weeks of a business manager's time.",
                    "Our 1960s blocks need rewiring, windows and boilers all at once. There's no way to do that from devolved capital.",
                    "The capital allocation for our trust barely covers the emergency repairs.",
                    "Asbestos surveys keep finding more, and removal costs a fortune.",
                    "Buildings in poor condition affect learning. Children notice when buckets catch the drips.",
                    "We'd rather have a predictable capital formula than competitive bids.",
                    "Half the estate is beyond its design life.",
                    "Mobile classrooms installed as temporary in 1998 are still in use.",
                    "Maintenance backlogs grow every year we patch instead of replace.",
                    "Roofs.",
                ],
                "parts": [
                    "Our condition survey lists millions of pounds of urgent work.",
                    "Leaking roofs and failing windows are the norm across the trust.",
                    "The bidding round for condition funding is unpredictable.",
                    "Temporary classrooms have become permanent.",
                    "School buildings need a long-term rebuilding programme.",
                    "Repairs are patched year after year because there is no capital.",
                    "Devolved formula capital is far too small for real projects.",
                    "We found crumbling concrete in the sports hall.",
                    "Ageing buildings cost more to maintain each year.",
                    "Capital funding should be allocated on need, not on who writes the best bid.",
                    "A broken boiler closed our school for two days in January.",
                    "Estates teams spend their time firefighting repairs.",
                ],
            },
            "energy_costs": {
                "n": 27,
                "votes": {"Agree": 0.5, "Partly agree": 0.25, "Disagree": 0.05, "Not sure": 0.05, None: 0.15},
                "whole": [
                    "Our energy bills tripled when the fixed contract ended. That's a teacher's salary gone.",
                    "Solar panels have cut our electricity costs by a third, but the upfront cost is beyond most schools.",
                    "Heating old buildings is where the money goes. Insulation would pay for itself.",
                    "We're locked into a gas contract at a terrible rate until 2026.",
                    "Energy procurement through the national framework saved us a lot; more trusts should use it.",
                    "The decarbonisation grants were great but they've gone.",
                    "We switched to LED lighting across the trust and the bills came down noticeably.",
                    "Gas and electricity now cost us more than our entire supply budget.",
                    "Heat pumps don't work in our buildings without insulation first, so it's both or nothing.",
                    "Energy prices.",
                ],
                "parts": [
                    "Gas and electricity bills are far above what we budgeted.",
                    "Energy contracts renewed at much higher prices.",
                    "Solar and LED projects pay back but need upfront funding.",
                    "Heating draughty classrooms wastes money.",
                    "A national energy buying scheme would help small trusts.",
                    "Our utility costs have doubled in three years.",
                    "Net zero targets come with no money to meet them.",
                    "Heat pumps and insulation need to go together.",
                    "We turn the heating down and staff complain it's cold.",
                    "Fixed-price energy deals are ending and bills will jump.",
                ],
            },
        },
        "off": [
            "Is there a template letter for parents about the strike day?",
            "Congratulations to [a school] on their netball win!",
            "Is this the right place to ask about DBS checks?",
            "Lovely to see so many trusts on here.",
            "Gracias, muy interesante 🙂",
        ],
    },
}

SMALL = {
    "card": "MEALS-1",
    "title": "Auto-enrol eligible pupils for free school meals",
    "replies": [
        "Agree. Auto-enrolment would bring in pupil premium we currently miss.",
        "We think around 15% of eligible families in our schools never apply.",
        "Yes, please. The application form puts families off.",
        "The stigma is less about the form and more about being seen as 'FSM' in the canteen.",
        "Our council already does this and registrations went up by a quarter.",
        "Agree, as long as the data sharing is handled carefully.",
        "Pupil premium follows registration, so this matters for funding as much as for lunches.",
        "Universal infant meals hid the problem: parents don't apply when lunch is free anyway.",
        "Strongly agree.",
        "It would save our office staff a lot of chasing.",
        "Families moving between councils fall through the gaps.",
        "Please also look at the income threshold, it hasn't moved in years.",
    ],
}

OPENERS = [
    "Thanks for sharing this.",
    "Great card!",
    "Quick thought from a small trust:",
    "Interesting one.",
    "Really useful card, thank you.",
    "Good morning all.",
    "Speaking as the CEO of a rural MAT:",
    "Coming at this from a finance angle,",
    "Thanks for putting this together.",
    "Hi everyone,",
    "Echoing others here:",
    "Short answer from us:",
    "From a primary perspective:",
    "Ok, here goes.",
    "Great question.",
    "Just my two cents.",
]
SIGNOFFS = [
    "Happy to discuss further.",
    "Just my two cents.",
    "Hope that helps!",
    "Cheers, [a person]",
    "Best wishes.",
    "Thanks again for asking.",
    "Keep up the good work!",
    "Happy to chat offline.",
    "Others may see it differently.",
    "Would be good to hear what others think.",
    "Many thanks.",
    "That's my view anyway.",
]


def _choice(rng: random.Random, weights: dict) -> str | None:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _compose(rng: random.Random, theme: dict, others: list[dict], count: int) -> list[str]:
    pool: list[str] = []
    out: list[str] = []
    for _ in range(count):
        sentences = []
        for _ in range(rng.choices([1, 2, 3], weights=[0.35, 0.45, 0.2])[0]):
            if not pool:
                pool = theme["parts"][:]
                rng.shuffle(pool)
            sentence = pool.pop()
            if sentence not in sentences:
                sentences.append(sentence)
        if others and rng.random() < 0.12:  # a passing mention of another theme of the card
            sentences.append(rng.choice(rng.choice(others)["parts"]))
        if rng.random() < 0.25:
            sentences.insert(rng.randrange(len(sentences) + 1), rng.choice(GENERIC))
        out.append(" ".join(sentences))
    return out


def build() -> tuple[list[dict], list[dict], dict]:
    rng = random.Random(20260)
    cards = []
    ref = 0
    for card_id, card in CARDS.items():
        entries: list[tuple[str | None, str]] = []
        names = list(card["themes"])
        for name in names:
            theme = card["themes"][name]
            others = [card["themes"][o] for o in names if o != name]
            texts = theme["whole"] + _compose(rng, theme, others, theme["n"] - len(theme["whole"]))
            entries += [(name, t) for t in texts]
        entries += [(None, t) for t in card["off"]]
        rng.shuffle(entries)
        people = [f"P-{card_id[:2]}{n:03d}" for n in range(len(entries))]
        chosen: dict[str, str | None] = {}
        by_theme: dict[str | None, list[str]] = {}
        replies = []
        for theme_name, text in entries:
            ref += 1
            earlier = by_theme.get(theme_name, [])
            if earlier and rng.random() < 0.15:  # someone replying twice on the same theme
                author = rng.choice(earlier)
            elif rng.random() < 0.05 and chosen:  # or on another theme
                author = rng.choice(sorted(chosen))
            else:
                author = people.pop()
            if author not in chosen:
                weights = card["themes"][theme_name]["votes"] if theme_name else {"Agree": 0.3, None: 0.7}
                chosen[author] = _choice(rng, weights)
            by_theme.setdefault(theme_name, []).append(author)
            replies.append(
                {"ref": f"R-{ref:06d}", "text": text, "author": author, "choice": chosen[author], "theme": theme_name}
            )
        cards.append({"card": card_id, "title": card["title"], "themes": names, "replies": replies})

    stock_rng = random.Random(7070)
    stocked = []
    for card in cards:
        replies = []
        for reply in card["replies"]:
            text = reply["text"]
            roll = stock_rng.random()
            if roll < 0.7:
                kind = stock_rng.choices(["open", "close", "both"], weights=[0.4, 0.3, 0.3])[0]
                if kind in ("open", "both"):
                    opener = stock_rng.choice(OPENERS)
                    if opener[-1] in ",:" and not text[:2].isupper() and not text.startswith("I "):
                        text = text[0].lower() + text[1:]  # "Hi everyone, our roofs leak"
                    text = f"{opener} {text}"
                if kind in ("close", "both"):
                    text = f"{text} {stock_rng.choice(SIGNOFFS)}"
            replies.append({**reply, "text": text})
        stocked.append({**card, "replies": replies})

    small_rng = random.Random(12)
    small = {"card": SMALL["card"], "title": SMALL["title"], "replies": []}
    for n, text in enumerate(SMALL["replies"]):
        small["replies"].append(
            {
                "ref": f"R-9{n:05d}",
                "text": text,
                "author": f"P-SM{n:03d}",
                "choice": _choice(small_rng, {"Agree": 0.7, "Partly agree": 0.1, None: 0.2}),
                "theme": "meals",
            }
        )
    return cards, stocked, small


def main() -> None:
    cards, stocked, small = build()
    for name, data in (("clean.json", cards), ("stock.json", stocked), ("small.json", small)):
        (HERE / name).write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    for card in cards:
        counts = {}
        for r in card["replies"]:
            counts[r["theme"]] = counts.get(r["theme"], 0) + 1
        print(card["card"], len(card["replies"]), counts)


if __name__ == "__main__":
    main()
