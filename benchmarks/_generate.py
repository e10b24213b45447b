"""Synthetic semi-structured interview transcripts for the benchmarks (no external data).

``generate_study(folder, n_docs, words_per_doc, seed)`` writes ``interview_NNN.txt`` files with
"I:" / "P<n>:" turns about health services. Every 4th document is Swedish, every 5th Danish (the
rest English). Output depends only on the arguments (``random.Random``)."""

from __future__ import annotations

import random
import re
from pathlib import Path

SLOTS = {
    "role": ["the GP", "the practice nurse", "the receptionist", "the pharmacist", "the district nurse",
             "the consultant", "the locum", "our practice manager", "the care coordinator", "the physio"],
    "patient": ["an older man with COPD", "a young mum with a poorly baby", "a woman with type 2 diabetes",
                "a lad with anxiety", "a patient with early dementia", "a farmer with a bad back",
                "a teenager with eczema", "a man on warfarin", "a lady in her nineties", "a student with asthma"],
    "relative": ["his daughter", "her husband", "the son", "a neighbour", "the granddaughter", "his wife"],
    "system": ["the booking system", "the electronic record", "the video platform", "the e-prescribing system",
               "the rota software", "the patient app", "the referral portal", "the new dashboard"],
    "time": ["two weeks", "six weeks", "three months", "ten days", "half a year", "four or five weeks"],
    "n": [str(i) for i in range(2, 41)],
    "day": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
    "place": ["the surgery", "the ward", "the clinic", "the health centre", "the walk-in centre", "A and E"],
}
TOPICS = {
    "waiting": """Patients are waiting {time} for a routine appointment, and that is just normal now. | The phone lines open at eight and by ten past we have {n} people in the queue. | I had {patient} who waited {time} and ended up in {place} in the end. | We try to keep a few same-day slots, but they are gone by nine o'clock. | The waiting list for physio is {time}, so we just tell people to do the exercises at home.
Honestly, the waiting is what patients complain about most, more than anything clinical. | Some people give up and go private if they can afford it, and that worries me. | {role} spends half the morning explaining to people why there is nothing until {day}. | When the list gets that long you start triaging by who shouts loudest, which is not fair. | The referral to the memory clinic took {time}, and by then the family was exhausted.
We did a pilot with a call-back system and it cut the queue a bit. | People turn up at {place} because they cannot get through to us, and I understand why. | I think the waiting itself makes people more anxious, so they come in sicker. | The target says {time}, but nobody in the building believes the target. | You feel guilty every time you say there is nothing sooner.""",
    "video": """Video works well for follow-ups where I already know the patient. | I had {patient} on video and I could see straight away that something was wrong. | The connection drops at least once a day, usually at the worst moment. | You cannot listen to a chest over video, so for anything respiratory I ask them to come in. | Some older patients love it because they do not have to get a taxi.
{role} sets up the link, and half the time the patient has not got the camera on. | It is quicker, but you miss things, the smell of the room, how they walk in. | On video people sometimes tell you more, because they are in their own kitchen. | I would not do a first consultation on video for anything serious. | We did {n} video calls last week, which is far more than before the pandemic.
{system} sends the link by text, and people do not always see it. | I think video suits the younger ones and the ones who work, they can do it from the car. | It is tiring, actually, staring at a screen all afternoon. | When the sound lags you end up talking over each other. | We had an interpreter join one call and it was chaos, three people and a delay.""",
    "staffing": """We are down {n} nurses on the rota and nobody is applying. | {role} left in the spring and we still have not replaced them. | The agency staff are good, but they do not know the patients or the systems. | Everyone is doing extra shifts, and you can see people getting worn out. | Recruitment is the big issue, you can have all the plans you like but no people.
We lost two experienced colleagues to burnout in the same year. | The locum cover costs a fortune and it comes out of the same budget. | When someone is off sick the whole day falls apart. | I have not had a proper lunch break in, I do not know, {time}. | The younger staff do not want to work full time, and I cannot blame them.
We rely on goodwill, and goodwill runs out. | {role} is covering two jobs at the moment, which is not sustainable. | Sickness absence is up, and it is mostly stress. | The night shifts are the hardest to fill. | If one more person leaves we will have to close the list.""",
    "continuity": """Seeing the same doctor matters enormously to the older patients. | {patient} has seen {n} different clinicians this year and had to tell the story every time. | Continuity is the first thing to go when you are short-staffed. | We tried personal lists, and the patients loved it, but it did not survive the staffing crisis. | When you know someone, you notice the small changes.
It saves time in the end, because you do not start from scratch. | {relative} said to me, you are the first person who remembered his name. | The handover notes are fine, but they are not the same as knowing the family. | I think trust builds over years, and we are losing that. | With rotating locums nobody owns the patient.
Part-time working makes continuity harder, to be honest. | I keep a few patients I always see myself, the complicated ones. | The research says continuity reduces admissions, and I believe it. | Patients do not mind waiting a bit longer to see their own doctor. | It is about the relationship, really, not just the records.""",
    "medication": """Medication reviews take ages, and we never have enough time for them. | {patient} was on {n} different tablets and nobody had looked at the list for years. | The pharmacist has been a godsend for the repeat prescriptions. | Shortages are a real problem, we keep having to switch people to alternatives. | Polypharmacy in the elderly is something I worry about constantly.
{system} flags interactions, but it flags so many that you stop reading them. | When people come out of hospital the discharge letter often has the wrong doses. | We found a patient taking two blood thinners because of a mix-up. | Adherence is a big issue, people just stop taking things when they feel better. | I spend a lot of time explaining why we are stopping a drug, not starting one.
The dosette boxes help, but someone has to fill them. | Antibiotic requests are still common, especially in winter. | We had a run on the diabetes medicines when the supply dried up. | Deprescribing is hard, families think you are giving up on them. | Sometimes the consultant starts something and we never hear why.""",
    "carers": """Family carers do an enormous amount that nobody sees. | {relative} was caring for her full time and was completely exhausted. | We do not have a good way of recording who the carer is. | Carers often know more about the patient than we do. | When the carer gets ill, everything collapses, and then it is an admission.
Respite care is almost impossible to get round here. | {relative} rang me in tears because she could not cope any more. | I try to ask the carer how they are doing, but there is rarely time. | Some carers are elderly themselves, you know, an eighty-year-old looking after a ninety-year-old. | The carers' assessment takes {time} to come through.
They want to be involved, but data protection makes it awkward. | A carer once told me she felt invisible in the whole system. | Young carers are the ones we miss most, the kids looking after a parent. | Without families the whole thing would fall over, honestly. | We started a carers' group, and {n} people came to the first meeting.""",
    "records": """The electronic record is slow, and it crashes at least once a week. | {system} does not talk to the hospital system, so we are still faxing things. | I spend more time typing than looking at the patient. | Having the record shared with the out-of-hours service has been really useful. | Patients can now read their notes online, and that changes how you write.
The templates are designed for audits, not for care. | Half the information is in scanned letters that you cannot search. | When {system} went down on {day} we were back to paper. | Data entry eats into every consultation. | I think the record is better than it was ten years ago, but it is not joined up.
We had a training session on the new version, and nobody understood it. | The coding requirements are endless, every tick box has to be ticked. | I worry about privacy, who can see what. | Test results come back into the inbox and there are {n} of them every morning. | Digital is fine when it works, and a disaster when it does not.""",
    "training": """I learned most of what I know on the job, not on courses. | There is no protected time for training, you do it in the evenings. | {role} ran a session on safeguarding, which was really good. | The e-learning modules are box ticking, mostly. | New staff need mentoring, and nobody has the time to mentor them.
I went on a course about consultation skills and it changed how I work. | We had {n} hours of mandatory training this year, all online. | Training for the new equipment was a five-minute demo. | The students are great, they keep you on your toes. | I would like more training on mental health, honestly, because that is most of what we see now.
Peer learning, just talking cases through with colleagues, is the best training there is. | The budget for courses was cut, so people pay themselves. | Nobody trained us on video, we just had to work it out. | Supervision sessions keep getting cancelled. | When you train someone and they leave after a year, it is demoralising.""",
    "management": """Management is very far away from the front line. | The targets change every year and nobody explains why. | {role} is supportive, but their hands are tied by the budget. | Decisions come from above without any consultation with us. | We had a restructure, and it took {time} before anyone knew who to ask.
The meetings are endless, and nothing changes after them. | I think good managers protect staff from the noise. | We get emails about efficiency while we cannot fill the rota. | The new manager actually came and sat in the clinic for a day, and that helped. | Funding is always short term, a pilot for a year and then it stops.
There is a lot of talk about innovation but very little about workload. | Our practice manager does an amazing job with what she has. | Budget cuts always land on the support staff first. | Leadership matters more than structures, in my experience. | When things go wrong, management looks for someone to blame.""",
    "safety": """Patient safety is what keeps me awake at night. | {patient} was sent home too early and came back the next day much worse. | When we are understaffed, things get missed, simple as that. | We have a good incident reporting culture, people do report near misses. | The handover between hospital and primary care is where things fall through the cracks.
A test result sat in the inbox for {time} because nobody was covering it. | We had a serious incident last year, and it changed how we do things. | Checklists help, but they can also become a ritual. | I think fatigue is the biggest safety risk, honestly. | On video you can miss the red flags, so we have rules about when to bring people in.
We learn from complaints more than from anything else. | Medication errors are the most common thing we report. | The safety netting advice has to be really clear, written down. | Nobody wants to report a colleague, so the culture matters. | {role} spotted the sepsis early, and that saved her life.""",
}
QUESTIONS = {
    "waiting": ["How long do patients wait for an appointment with you?", "What happens when people cannot get an appointment?"],
    "video": ["How did you start using video consultations?", "When do you ask a patient to come in rather than see them on video?"],
    "staffing": ["How is the staffing situation where you work?", "What does it mean for your day when someone is off?"],
    "continuity": ["How important is it for patients to see the same clinician?", "Can you tell me about a patient you have followed for a long time?"],
    "medication": ["How do you handle medication reviews?", "Have you had problems with prescriptions or shortages?"],
    "carers": ["What role do family carers play for your patients?", "How do you involve relatives in care?"],
    "records": ["How do the digital records work for you?", "What is it like to document your work in the system?"],
    "training": ["What training or support have you had?", "How do new colleagues learn the job?"],
    "management": ["How do you experience management and leadership?", "How are decisions made about your service?"],
    "safety": ["Can you tell me about a situation where patient safety was at risk?", "What do you do to keep patients safe?"],
}
PROBES = ["Can you give an example?", "What happened then?", "How did that feel?", "Could you say more about that?"]
FILLERS = ["um,", "you know,", "I mean,", "sort of,", "well,", "erm,"]
OPENERS = ["to be honest,", "in my experience,", "last winter,", "at our place,", "these days,", "over the years,",
           "from where I sit,", "if I'm honest,", "on a bad day,", "for example,", "and again,", "what I see is,"]
CLOSERS = ["at least in our practice", "if you ask me", "and that is the reality", "as far as I can tell",
           "most weeks", "which frustrates everyone", "more or less", "and it has got worse", "since the pandemic",
           "in this area anyway", "to be fair", "and nobody talks about it"]
SMALL_TALK = [("Sorry, is that your dog?", "Yes, sorry, he wants his walk. Um, where was I. Right."),
              ("Would you like a short break?", "No, no, I'm fine, let me just get some water. Okay."),
              ("The weather has been awful this week.", "Terrible, the car park was flooded on Monday. Anyway.")]
LOCAL = {
    "sv": dict(filler=["liksom,", "alltså,", "öh,", "du vet,"], slots={"time": ["två veckor", "sex veckor", "tre månader", "ett halvår"]}, open=["ärligt talat,", "i min erfarenhet,", "numera,", "förra vintern,", "hos oss,"],
               close=["åtminstone hos oss", "om du frågar mig", "och det har blivit värre", "sedan pandemin", "mer eller mindre"], q="Kan du berätta mer om det?", text="""Väntetiderna till vårdcentralen är alldeles för långa, det tar {time} att få en tid. | Vi har {n} sjuksköterskor för lite och ingen söker tjänsterna. | Videobesöken fungerar bra för uppföljningar, men inte för nya besvär. | De äldre patienterna vill träffa samma läkare varje gång. | Journalsystemet är långsamt och kraschar ofta på förmiddagen.
Anhöriga gör ett enormt arbete som ingen ser. | Läkemedelsgenomgångarna tar lång tid och vi hinner inte med dem. | Vi fick ingen utbildning alls, vi fick lära oss själva. | Ledningen sitter långt borta och förstår inte hur det är här. | Patientsäkerheten blir lidande när vi är underbemannade. | Jag hade en äldre kvinna som väntade {time} och till slut hamnade på akuten.
Det är svårt att hinna prata med anhöriga när dagarna är så fulla. | Vi har många hyrläkare och de känner inte patienterna. | Receptförnyelserna tar en stor del av dagen. | Jag tror att kontinuiteten är det viktigaste för de sköra äldre. | Det digitala fungerar bra när det fungerar, men det gör det inte alltid.""",
               tq=["Hur ser väntetiderna ut hos er?", "Hur fungerar videobesöken för dig?", "Hur är bemanningen på din arbetsplats?", "Vilken roll spelar de anhöriga?", "Hur upplever du ledningen?"]),
    "da": dict(filler=["altså,", "øh,", "ikke,", "ik',"], slots={"time": ["to uger", "seks uger", "tre måneder", "et halvt år"]}, open=["ærligt talt,", "efter min erfaring,", "nu om dage,", "sidste vinter,", "hos os,"],
               close=["i hvert fald hos os", "hvis du spørger mig", "og det er blevet værre", "siden pandemien", "mere eller mindre"], q="Kan du fortælle lidt mere om det?", text="""Ventetiden hos lægen er blevet alt for lang, man venter {time} på en tid. | Vi mangler {n} sygeplejersker, og der er ingen ansøgere. | Videokonsultationer fungerer fint til opfølgning, men ikke til nye patienter. | De ældre patienter vil gerne se den samme læge hver gang. | Journalsystemet er langsomt, og det går ned mindst en gang om ugen.
De pårørende gør et kæmpe arbejde, som ingen ser. | Medicingennemgang tager lang tid, og vi har ikke tid til det. | Vi fik ingen uddannelse, vi måtte lære det selv. | Ledelsen sidder langt væk og forstår ikke hverdagen her. | Patientsikkerheden lider, når vi er for få på arbejde. | Jeg havde en ældre mand, der ventede {time} og endte på skadestuen.
Det er svært at finde tid til de pårørende, når dagene er så fyldte. | Vi har mange vikarer, og de kender ikke patienterne. | Receptfornyelser fylder en stor del af dagen. | Jeg tror, kontinuitet er det vigtigste for de svage ældre. | Det digitale virker godt, når det virker, men det gør det ikke altid.""",
               tq=["Hvordan er ventetiden hos jer?", "Hvordan fungerer videokonsultationerne for dig?", "Hvordan er bemandingen på din arbejdsplads?", "Hvilken rolle spiller de pårørende?", "Hvordan oplever du ledelsen?"]),
}
BANK = {k: [s.strip() for s in re.split(r"\s*\|\s*|\n", v) if s.strip()] for k, v in TOPICS.items()}
LOCAL_BANK = {k: [s.strip() for s in re.split(r"\s*\|\s*|\n", v["text"]) if s.strip()] for k, v in LOCAL.items()}


def _fill(rng: random.Random, template: str, slots: dict) -> str:
    s = re.sub(r"\{(\w+)\}", lambda m: rng.choice(slots.get(m.group(1)) or SLOTS[m.group(1)]), template)
    return s[0].upper() + s[1:]


def _lower_first(s: str) -> str:
    return s if re.match(r"I\b", s) else s[0].lower() + s[1:]


def _answer(rng: random.Random, bank: list[str], style: dict, target: int) -> str:
    out: list[str] = []
    pool = rng.sample(bank, len(bank))
    while sum(len(s.split()) for s in out) < target:
        s = _fill(rng, pool.pop() if pool else rng.choice(bank), style.get("slots", {}))
        if rng.random() < 0.3:
            s = f"{rng.choice(style['open'])} {_lower_first(s)}"
        if rng.random() < 0.3:
            s = f"{s[:-1]}, {rng.choice(style['close'])}{s[-1]}"
        if rng.random() < 0.25:
            s = f"{rng.choice(style['filler'])} {_lower_first(s)}"
        if rng.random() < 0.05:
            s += " (laughs)"
        out.append(s[0].upper() + s[1:])
    return " ".join(out)


def _document(rng: random.Random, i: int, lang: str, words: int) -> str:
    lines = [f"Interview {i}, {rng.randint(1, 28)} {rng.choice(['March', 'April', 'May'])} 2025, "
             f"duration {rng.randint(35, 75)} min", ""]
    total, topics = 0, list(BANK)
    en = dict(filler=FILLERS, open=OPENERS, close=CLOSERS)
    while total < words:
        if lang == "en":
            topic = rng.choice(topics)
            bank = BANK[topic] + rng.sample(BANK[rng.choice(topics)], 3)  # some drift to other topics
            questions = [rng.choice(QUESTIONS[topic])] + ([rng.choice(PROBES)] if rng.random() < 0.4 else [])
            style = en
        else:
            bank, style = LOCAL_BANK[lang], LOCAL[lang]
            questions = [rng.choice(LOCAL[lang]["tq"])] + ([LOCAL[lang]["q"]] if rng.random() < 0.4 else [])
        if lang == "en" and rng.random() < 0.06:
            chat_q, chat_a = rng.choice(SMALL_TALK)
            lines += [f"I: {chat_q}", "", f"P{i}: {chat_a}", ""]
        for question in questions:
            answer = _answer(rng, bank, style, rng.randint(40, 250))
            lines += [f"I: {question}", "", f"P{i}: {answer}", ""]
            total += len(question.split()) + len(answer.split())
    return "\n".join(lines)


def generate_study(folder: str | Path, n_docs: int, words_per_doc: int, seed: int = 0,
                   english_only: bool = False) -> list[Path]:
    """Write ``n_docs`` transcripts of about ``words_per_doc`` words (every 4th Swedish and every
    5th Danish unless ``english_only``); return their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng, paths = random.Random(seed), []
    for i in range(1, n_docs + 1):
        lang = "en" if english_only else "sv" if i % 4 == 0 else "da" if i % 5 == 0 else "en"
        path = folder / f"interview_{i:03d}.txt"
        path.write_text(_document(random.Random(rng.getrandbits(64)), i, lang, words_per_doc), encoding="utf-8")
        paths.append(path)
    return paths
