"""Build benchmarks/data/idioms_dev3.jsonl and idioms_dev3_literal.jsonl (MT201's third dev set).

Written before any change that it measures, of idioms and phrases that the first two dev sets do
not use. A garbled item marks its phrase as {garbled|clean}; the builder computes the offsets and
checks them (the span reads back as the garbled words, the clean text is the garbled text with the
span replaced). Run: python benchmarks/make_idioms_dev3.py benchmarks/data
"""
import json
import sys

from make_idioms_dev import build  # the same {garbled|clean} marking as the first dev set

GARBLED = [
# -- one word replaced: a near-synonym, or a translation sibling of the word (the distinctive one too)
("sub", "With no party holding a majority, the vote produced a {hanging parliament|hung parliament}."),
("sub", "The prime minister called a {flash election|snap election} for October, hoping to exploit the opposition's divisions."),
("sub", "The government survived a {vote of no trust|vote of no confidence} by just four votes on Wednesday."),
("sub", "For decades the farm subsidy has been a {holy cow|sacred cow} that no finance minister dared to touch."),
("sub", "Critics say the new assembly will be little more than a {rubber seal|rubber stamp} for the president's decrees."),
("sub", "The opposition called the inquiry a {smoke curtain|smoke screen} designed to protect senior officials."),
("sub", "After months of {pendulum diplomacy|shuttle diplomacy}, the envoy secured a prisoner exchange."),
("sub", "For the ageing dictator, the mass protests were the {inscription on the wall|writing on the wall}."),
("sub", "The ball is now in Tehran's {field|court}, the European negotiator said after the talks."),
("sub", "The election marked an {ocean change|sea change} in how young voters view the monarchy."),
("sub", "Families of conscripts say their sons were used as {cannon meat|cannon fodder} in the assault on the town."),
("sub", "In the {mist of war|fog of war}, both sides issued conflicting casualty figures."),
("sub", "The army is preparing for a long {war of exhaustion|war of attrition} along the eastern front."),
("sub", "Ministers will have to bite the {ball|bullet} and raise taxes, the fiscal watchdog said."),
("sub", "Investors moved their savings to offshore {tax paradises|tax havens} in the Caribbean."),
("sub", "She was the first woman to break the {glass roof|glass ceiling} at the central bank."),
("sub", "Analysts dismissed Tuesday's rally in the stock market as a {dead cat jump|dead cat bounce}."),
("sub", "Exporters fear that the tariffs will spark a {commercial war|trade war} between the two largest economies."),
("sub", "The opposition refused to give the government a {white cheque|blank cheque} for the rescue of the banks."),
("sub", "The property empire collapsed like a {castle of cards|house of cards} when interest rates rose."),
("sub", "Human rights groups described the military tribunal as a {kangaroo tribunal|kangaroo court}."),
("sub", "Prosecutors admitted they had found no {smoking pistol|smoking gun} linking the senator to the payments."),
("sub", "The former banker was convicted of {money washing|money laundering} and sentenced to six years."),
("sub", "The fugitive tycoon finally felt the long {hand|arm} of the law when he was arrested in Dubai."),
("sub", "The sprint was decided by a {picture finish|photo finish}, with the Kenyan ahead by a hundredth of a second."),
("sub", "The young goalkeeper faced a {baptism of flame|baptism of fire} in his first league match."),
("sub", "Doctors warned that the drug's {secondary effects|side effects} include dizziness and nausea."),
("sub", "The vaccine will be tested in a {clinical essay|clinical trial} involving 3,000 volunteers."),
("sub", "Experts doubt that {flock immunity|herd immunity} can be reached without a vaccine."),
("sub", "The tax rebate is a {shot in the hand|shot in the arm} for struggling retailers."),
("sub", "Rising methane levels are adding to the {glasshouse effect|greenhouse effect}, the report found."),
("sub", "The airline pledged to halve its {carbon imprint|carbon footprint} by 2035."),
("sub", "Forecasters said a {perfect tempest|perfect storm} of high tides and gales could flood the coast."),
("sub", "The dispute over fishing rights remains the main {stumbling stone|stumbling block} in the Brexit talks."),
("sub", "The cartoon stirred up a {wasps' nest|hornets' nest} of protests across the region."),
# -- a function word dropped, added or swapped
("func", "The opposition accused the government of undermining {the rule of the law|the rule of law}."),
("func", "Neither side wants to {lose the face|lose face} by making the first concession, diplomats say."),
("func", "The former governor will spend the next eight years {behind the bars|behind bars}."),
("func", "Rescuers reached the trapped miners {in the nick of the time|in the nick of time}."),
("func", "To {add insult to the injury|add insult to injury}, the club raised ticket prices after the relegation."),
("func", "The resignation came {out of blue|out of the blue}, even to her closest aides."),
("func", "One official, speaking {off record|off the record}, said the talks had collapsed."),
("func", "The president vowed to defend the capital {at all the costs|at all costs}."),
("func", "The health minister has come {under the fire|under fire} for the slow rollout of the vaccine."),
("func", "Economists expect the reform to lift growth {in long run|in the long run}."),
("func", "Security was tightened {in wake of|in the wake of} the attack on the embassy."),
("func", "The journalist was released {under bail|on bail} after two nights in custody."),
# -- a noun in the wrong number
("number", "The incumbent clung to power by the skin of his {tooth|teeth}."),
("number", "Thousands of asylum claims have fallen through the {crack|cracks}, the audit found."),
("number", "The new figures only muddy the {water|waters} in the debate over immigration."),
("number", "The committee will now work out the {nut and bolts|nuts and bolts} of the agreement."),
("number", "The housing market has been in the {doldrum|doldrums} since the rate rise."),
("number", "Fans were kept on {tenterhook|tenterhooks} until the final whistle."),
# -- words reordered or spelt out as a literal structure
("order", "The Senate contest has become {a race of two horses|a two-horse race}."),
("order", "The candidate said she was the victim of {a campaign of smear|a smear campaign}."),
("order", "Economists fear {an effect of ripple|a ripple effect} on the rest of the region's banks."),
("order", "The floods have set off {a game of blame|a blame game} between the city and the province."),
("order", "Parliament approved {a package of bailout|a bailout package} for the national airline."),
("order", "Supermarkets are locked in {a war of prices|a price war} as inflation eases."),
# -- a whole idiom rendered word for word from another language
("calque", "The mayor's chief of staff was {caught with his hand in the bag|caught red-handed} taking a bribe."),  # fr
("calque", "After two weeks of strikes, the union {put water in its wine|softened its stance} and accepted a 4% raise."),  # fr
("calque", "The minister was accused of {drowning the fish|clouding the issue} when asked about the missing funds."),  # fr
("calque", "Asked about the leaked report, the spokesman {threw balls out|dodged the question}."),  # es
("calque", "The senator, who {has no hairs on her tongue|does not mince her words}, called the plan a disgrace."),  # es
("calque", "Once again it is the taxpayers who will {pay the duck|carry the can} for the bank's losses."),  # pt
("calque", "Mediators in Brussels are trying to {get the cow off the ice|defuse the crisis} before the summit."),  # de
("calque", "Two of the rebel commanders {bit the grass|bit the dust} in the fighting last week."),  # de
("calque", "The new chancellor {fell with the door into the house|got straight to the point} in his first speech."),  # de
("calque", "The leak was {a bear's service|a disservice} to the candidate it was meant to help."),  # ru
("calque", "The final was {a game into one gate|a one-sided contest}, with the hosts winning 6-0."),  # ru
("calque", "Spending on flood defences amounts to {what the cat wept|next to nothing}, the report said."),  # ru
("calque", "Voters say the two budget plans are {half a catty and eight taels|six of one and half a dozen of the other}."),  # zh
("calque", "New electric-car makers have sprung up {like bamboo shoots after the rain|like mushrooms} in the past five years."),  # zh
("calque", "Provincial officials complain that Beijing's {one-knife-cut|one-size-fits-all} approach ignores local conditions."),  # zh
("calque", "The reform of state companies proceeded {by crossing the river while feeling the stones|by trial and error}."),  # zh
("calque", "In a culture where {the nail that sticks out gets hammered|the tall poppy is cut down}, few officials speak out."),  # ja
("calque", "Seoul fears becoming {a shrimp between whales|caught in the crossfire} in the trade dispute between Washington and Beijing."),  # ko
("calque", "The foreign minister {put the dots on the letters|spelled it out}: there would be no deal without guarantees."),  # ar
("calque", "The agreement puts local and foreign investors {on a foot of equality|on an equal footing}."),  # ar
("calque", "Food prices doubled {between a night and its morning|overnight} after the currency was devalued."),  # ar
]

# Correct sentences: the garbles' words used literally, and the idioms used correctly.
LITERAL = [
"With no party holding a majority, the vote produced a hung parliament.",
"Flags were hanging from every balcony as parliament opened on Monday.",
"A flash flood swept away cars on the eve of the election.",
"The chairman said the board had lost trust in the chief executive.",
"Hindus regard the cow as holy, and the animals roam freely in the old city.",
"The clerk pressed a rubber seal onto the jar before sealing the crate.",
"Smoke rose from the curtains of the burning theatre.",
"The clock's pendulum was restored by volunteers from the museum.",
"An ancient inscription on the wall of the temple was damaged in the earthquake.",
"The ball rolled into the field where the cattle were grazing.",
"Warming of the ocean could change fish migration routes, scientists said.",
"The cannon was cleaned before the parade, and the soldiers ate meat and bread.",
"Morning mist delayed flights at the airport for three hours.",
"Marathon runners collapsed from exhaustion in the heat.",
"The ministers will have to bite the bullet and raise taxes, the watchdog said.",
"The ball struck the bar and bounced into the crowd.",
"Tourists flock to the island, which is advertised as a paradise for divers.",
"Hailstones shattered the glass roof of the railway station.",
"A stray cat was seen jumping from the roof of the court.",
"Exporters fear that the tariffs will spark a trade war between the two largest economies.",
"The commercial district was closed to traffic during the marathon.",
"She signed a blank cheque and left it with her accountant.",
"The museum exhibits a castle built of cards by a local artist.",
"A kangaroo hopped across the runway, delaying the flight.",
"Police found a smoking pistol beside the body, the report said.",
"Prosecutors admitted they had found no smoking gun linking the senator to the payments.",
"Volunteers spent the day washing the floors of the flooded school.",
"The fugitive was arrested in Dubai after the police traced his phone.",
"The photographer sold a picture of the finish line to a newspaper.",
"The young goalkeeper faced a baptism of fire in his first league match.",
"Doctors warned that the drug's side effects include dizziness and nausea.",
"The essay on clinical ethics won a prize from the medical school.",
"A flock of sheep blocked the road to the border post.",
"The nurse gave him a shot in the arm and sent him home.",
"The glasshouse at the botanical garden was damaged by the storm.",
"The thief left an imprint of his boot in the mud.",
"Sailors were warned of a tempest off the northern coast.",
"A stone wall blocked the road after the landslide.",
"Wasps built a nest under the roof of the town hall.",
"The opposition accused the government of undermining the rule of law.",
"The boxer was cut above the eye and lost the fight on points.",
"Lions paced behind the bars of the old zoo's cages.",
"The injury kept the captain out of the final.",
"The aircraft appeared out of the blue sky above the airfield.",
"The record was broken by the Ethiopian runner in Berlin.",
"The cost of fuel has risen by a third since January.",
"The fire spread to three neighbouring houses before it was put out.",
"The long run from the village to the coast took the team six hours.",
"The ferry's wake rocked the small fishing boats in the harbour.",
"The judge refused bail, saying the suspect might flee the country.",
"The dentist said the boy had broken a tooth in the fall.",
"Engineers found a crack in the dam's concrete wall.",
"Flood water reached the ground floor of the hospital.",
"A worker tightened the nut and bolt holding the pipe.",
"The economy has been in the doldrums since the rate rise.",
"The horses raced across the field in the two-day event.",
"The smear test is offered free to women over 25.",
"The children threw stones into the pond and watched the ripples.",
"The duck population on the lake has doubled, the survey found.",
"Grass grew through the cracks in the abandoned runway.",
]


def items():
    out = []
    for n, (kind, marked) in enumerate(GARBLED, 1):
        garbled, clean, start, end, wrong, right = build(marked)
        assert wrong != right and garbled[start:end] == wrong, marked
        assert clean == garbled[:start] + right + garbled[end:], marked
        out.append({"id": f"dev3-{n:03d}-{kind}", "garbled_text": garbled, "clean_text": clean,
                    "errors": [{"start": start, "end": end, "text": wrong, "family": "idiom",
                                "category": "Accuracy/Mistranslation", "severity": "major",
                                "corrections": [right]}]})
    literal = [{"id": f"dev3lit-{n:03d}", "garbled_text": t, "clean_text": t, "errors": []}
               for n, t in enumerate(LITERAL, 1)]
    assert len({o["garbled_text"] for o in out}) == len(out)
    assert len(set(LITERAL)) == len(LITERAL)
    return out, literal


if __name__ == "__main__":
    garbled, literal = items()
    for name, rows in (("idioms_dev3.jsonl", garbled), ("idioms_dev3_literal.jsonl", literal)):
        with open(f"{sys.argv[1]}/{name}", "w") as f:
            for o in rows:
                f.write(json.dumps(o, ensure_ascii=False) + "\n")
    kinds = {}
    for o in garbled:
        kind = o["id"].rsplit("-", 1)[1]
        kinds[kind] = kinds.get(kind, 0) + 1
    print(len(garbled), len(literal), kinds)
