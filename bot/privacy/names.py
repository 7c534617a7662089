"""Given names and surnames common among school staff in England, for names written in
lower case ("spoke to priya patel") or that the model misses ("Thanks to Rhys").

Names that are also ordinary English words or places (Will, Mark, Grace, Hope, May, Bill,
Jordan, Chelsea…) are left out on purpose: the model and the title and role patterns
catch those from context. Surnames only count next to a given name ("tom baker").
"""

from __future__ import annotations

GIVEN_NAMES = frozenset(
    """
    aaron abdul abdullah abigail adam adebayo adeola adriana adrian agnieszka ahmad ahmed aidan aileen aisha
    aishwarya akash alan alana alastair alex alexander alexandra ali alice alicia alison alistair amal amanda
    amara amelia amina amir amit amy ana anand andrea andrew andy aneesa angela anil anita anjali ann anna
    anne annette anthony antonio anwar aoife arjun arun asha ashok ashley asif aylin ayesha babajide barbara
    barry bartosz beata becky ben benjamin bernadette beth bethan bilal bogdan bola brendan brian bridget
    bronwen bukola caitlin callum cameron carl carlos carmen caroline catherine cathy chantelle charles
    charlotte chen chidi chidinma chike chinedu chioma chloe chris christine christopher ciara ciaran claire
    clare colin connor craig dafydd dan daniel daniela danielle darren dave david deborah debbie deepa deepak
    deirdre denise derek dimitri dina dominic donna dorota duncan dylan ebony edward eilidh eleanor elena
    eleni elif elizabeth ellie emeka emily emma emre eoin eric ewa fatima fatma fergus fiona francesca
    gareth gary gemma geoff geoffrey george georgina gerald gillian graham gwen gwyneth hamza hannah harriet
    harry hassan hayley helen helena hiroshi huda hugh hussein iain ian ibrahim ifeoma imran ioana irina
    isabel isabella isaac jacob jade jamal james jamie jane janet jasmin jason jayne jennifer jenny jeremy
    jessica joanna joanne joe john jon jonathan joseph josh joshua julia julian julie justyna kamal kamala
    karen karim kate katarzyna katharine katherine kathryn katie kayode keith kelly kemi kenneth kerry kevin
    khadija kieran kirsty krzysztof kwabena kwame kwesi laura lauren leah leanne lei leila liam linda lindsay
    lisa liu louise lucy luke lynn lynne magdalena mahmoud malcolm mandeep manoj marcus margaret maria mariam
    marie marta martha martin mary matthew maureen megan mehmet mei melanie michael michelle mohamed mohammad
    mohammed mohammad monika muhammad nadia naomi natalia natalie nathan neil nia niamh nicola nicole nigel
    nikhil nkechi ngozi nuala obinna oliver olivia oluwaseun oluwatobi omar oscar owen padraig pamela patrick
    paul paula pauline pawel peter philip philippa piotr pooja prakash precious priya priyanka rachel rahul
    raj rajesh rakesh ravi rebecca rhian rhiannon rhys richard ritu robert roisin ruth ryan sabrina sadia
    sajid salma sam samantha samir samuel sandeep sandra sanjay sarah saskia sean seun shabana shahid
    shamima sharon shauna sian simon siobhan sinead siddharth sofia sonia sophie stephanie stephen steven
    stuart sunita susan suzanne tanya tariq tendai teresa thomas tim timothy tobi tom tomasz tracey tracy
    tunde uchenna usman vanessa vikram vivek wei wendy wojciech xiao xin yasmin yetunde yusuf zainab zara
    zeynep zhang zoe zofia
    lakshmi meera divya kavita neha anika rohan aditya kiran nisha sunil vijay ramesh suresh ganesh harpreet
    gurpreet jaspreet manpreet amrit baljit parminder sukhdeep navdeep abdi abdirahman hodan halima hamid
    idris ismail khalid layla nasser rashid samira yousef zaid abena kofi kojo femi folake funmi nneka segun
    temi tola yemi chiamaka adaeze ebere ikenna hui jing ming qing xiaoming ying yuki haruto sakura anh linh
    minh agata aleksandra anastasia andrei dariusz dmitri elzbieta grzegorz irena jakub janusz kasia krystyna
    lukasz maciej malgorzata marek mariusz mikolaj oksana olena pavel radek sergei stanislaw tatiana vasile
    viktor wiktoria yulia zbigniew aisling cathal conor dearbhla donal eimear eithne fionn grainne oisin orla
    ruairi saoirse seamus aled bryn carys cerys dewi eleri emyr ffion geraint gethin glyn huw iwan llinos
    lowri meinir nerys osian rhodri sioned tegan alasdair ewan hamish isla morag murdo rory shona brenda
    carole clive dennis diane doreen elaine gail glenys graeme janice jill joan kathleen lorraine marion
    maxine mervyn norman phil rosemary sally sheila stella trevor vicky yvonne alfie archie ava charlie ella
    evie freya isabelle leo logan millie noah reggie rosie sienna theo toby william
    """.split()
)

SURNAMES = frozenset(
    """
    abbott adams adebayo adeyemi ahmed akhtar ali allen anderson andrews armstrong atkinson bailey baker ball
    banerjee barker barnes bashir begum bell bello bennett bibi booth bradley brooks brown burton butler byrne
    campbell carr carter chapman chaudhry chen chowdhury clark clarke cole collins cooper costa cox das davies
    davis dawson dixon doherty edwards ellis evans eze fernandes fernandez fisher fitzgerald fletcher foster
    francis gallagher garcia ghosh gibson gill gordon graham grant gray green griffiths gupta hall harris
    harrison hart harvey hassan hayes hill holmes howard huang hudson hughes hunt hussain ibrahim iqbal islam
    jackson james jenkins johnson jones joshi kaminska kaminski kaur kelly khan kim king knight kowalska
    kowalski kumar lawrence lee lewis li lin liu lloyd lopez lowe malik marshall martin mason matthews mehta
    mensah miller mills mistry mitchell mohamed mohammed moore morgan morris murphy murray nguyen nowak
    o'brien o'connor o'neill o'sullivan okafor okonkwo okoro oyelaran owen palmer parker patel pearce pearson
    perry phillips powell price quinn rahman rees reid reynolds richards richardson riley roberts robinson
    rodriguez rogers russell ryan saunders scott shah sharma shaw simpson singh smith spencer stevens stewart
    sullivan taylor thomas thompson turner walker walsh wang ward watson watts webb wells white wilkinson
    williams wilson wojcik wójcik wood wright wu yang young zhang zhao zhou
    """.split()
)
