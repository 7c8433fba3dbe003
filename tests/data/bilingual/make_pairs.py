"""Builds pairs.jsonl, the bilingual test set for the source-aware rules (MT5xx).

Written by hand for mtcheck (not taken from any corpus): short news passages in six source
languages with an English translation. Half the pairs carry one error; half are correct
translations that exercise conversions the checks must accept (8万 → 80,000, 3,2 % → 3.2%,
zwanzig → twenty, dates in each language's format, OTAN → NATO, merged and split sentences).
Each error names the flagged target text (its first occurrence) or, for an omission, the
source text left out. Run `python tests/data/bilingual/make_pairs.py` to rewrite the JSONL.
"""

import json
from pathlib import Path

# (id, source, target, error) with error = (type, target text or None, corrections, source text)
PAIRS = [
    # -- Chinese ------------------------------------------------------------------------------
    ("zh-e1", "地震已造成至少42人死亡，另有8万人被迫离开家园。当局表示，救援工作仍在继续。",
     "The earthquake has killed at least 42 people and forced 8,000 others from their homes. "
     "Authorities said rescue work was continuing.", ("number", "8,000", ["80,000"], "8万")),
    ("zh-e2", "该协议于2023年3月15日在北京签署，将于明年1月生效。",
     "The agreement was signed in Beijing on March 5, 2023, and will take effect in January next year.",
     ("date", "March 5, 2023", ["March 15, 2023"], "2023年3月15日")),
    ("zh-e3", "详细信息可在卫生部网站 www.moh.gov.cn 查询。",
     "Details are available on the health ministry's website at www.health.gov.cn.",
     ("url", "www.health.gov.cn", ["www.moh.gov.cn"], "www.moh.gov.cn")),
    ("zh-e4", "发言人表示，这一决定是经过慎重考虑后作出的。",
     "The spokesman said the decision had been made after 慎重考虑.",
     ("untranslated", "慎重考虑", ["careful consideration"], "慎重考虑")),
    ("zh-e5", "台风“杜苏芮”周五在福建登陆。气象部门已发布红色预警，要求沿海居民撤离。截至周六上午，已有超过30万人被转移。",
     "Typhoon Doksuri made landfall in Fujian on Friday. By Saturday morning, more than 300,000 people "
     "had been evacuated.", ("omission", None, [], "气象部门已发布红色预警，要求沿海居民撤离。")),
    ("zh-e6", "世界卫生组织（WHO）发言人表示，该疫苗已获得欧盟EMA的批准。",
     "A spokesman for the World Health Organization said the vaccine had been approved by the "
     "European Union's FDA.", ("name", "FDA", ["EMA"], "EMA")),
    ("zh-e7", "习近平在会上强调，一带一路倡议将继续推进。",
     "Xi Jinping stressed at the meeting that the One Belt One Road initiative would continue to advance.",
     ("glossary", "One Belt One Road initiative", ["Belt and Road Initiative"], "一带一路")),
    ("zh-c1", "该公司去年营收达3.2亿元，同比增长12.5%。",
     "The company's revenue reached 320 million yuan last year, up 12.5% year on year.", None),
    ("zh-c2", "据新华社报道，2024年1月8日，约有两万名志愿者参加了清理活动。",
     "About 20,000 volunteers took part in the clean-up on January 8, 2024, Xinhua news agency reported.", None),
    ("zh-c3", "北约秘书长周二抵达基辅。他表示，北约将继续支持乌克兰。",
     "The NATO secretary general arrived in Kyiv on Tuesday and said the alliance would continue to "
     "support Ukraine.", None),
    ("zh-c4", "习近平表示，一带一路倡议已吸引超过150个国家参与。更多信息请访问 https://www.yidaiyilu.gov.cn 。",
     "Xi Jinping said more than 150 countries had joined the Belt and Road Initiative. More information "
     "is available at https://www.yidaiyilu.gov.cn.", None),
    ("zh-c5", "会议将于下午3点30分开始，持续约两个小时。",
     "The meeting will begin at 3:30 p.m. and last about two hours.", None),
    ("zh-c6", "苹果公司发布了新款iPhone 15，售价为5999元。",
     "Apple released its new iPhone 15, priced at 5,999 yuan.", None),
    ("zh-c7", "截至10月底，该市共接待游客1.2亿人次，其中外国游客约350万人次。",
     "By the end of October, the city had received 120 million tourist visits, including about "
     "3.5 million by foreign visitors.", None),
    # -- Russian ------------------------------------------------------------------------------
    ("ru-e1", "В результате обстрела погибли 12 человек, ещё 35 получили ранения.",
     "Twelve people were killed in the shelling and 53 others were injured.", ("number", "53", ["35"], "35")),
    ("ru-e2", "Выборы пройдут 17 марта 2024 года, сообщила Центральная избирательная комиссия.",
     "The election will be held on May 17, 2024, the Central Election Commission said.",
     ("date", "May 17, 2024", ["March 17, 2024"], "17 марта 2024 года")),
    ("ru-e3", "Заявку можно подать на сайте gosuslugi.ru до конца месяца.",
     "Applications can be submitted on the website gosuslugi.com until the end of the month.",
     ("url", "gosuslugi.com", ["gosuslugi.ru"], "gosuslugi.ru")),
    ("ru-e4", "Министр назвал ситуацию «крайне напряжённой» и призвал к спокойствию.",
     "The minister called the situation «крайне напряжённой» and called for calm.",
     ("untranslated", "крайне напряжённой", ["extremely tense"], "крайне напряжённой")),
    ("ru-e5", "Президент провёл переговоры с премьер-министром Индии. Стороны обсудили торговлю и энергетику. "
     "Следующая встреча запланирована на осень.",
     "The president held talks with India's prime minister. The next meeting is scheduled for the autumn.",
     ("omission", None, [], "Стороны обсудили торговлю и энергетику.")),
    ("ru-e6", "Представитель ООН заявил, что МАГАТЭ направит инспекторов на станцию.",
     "A UN spokesman said the OSCE would send inspectors to the plant.", ("name", "OSCE", ["IAEA"], "МАГАТЭ")),
    ("ru-e7", "Госдума приняла законопроект в первом чтении.",
     "The Duma assembly passed the bill in the first reading.",
     ("glossary", "Duma assembly", ["State Duma"], "Госдума")),
    ("ru-c1", "Инфляция в октябре составила 6,7%, сообщил Росстат.",
     "Inflation was 6.7% in October, Rosstat said.", None),
    ("ru-c2", "Бюджет проекта оценивается в 2,5 млрд рублей.",
     "The project's budget is estimated at 2.5 billion roubles.", None),
    ("ru-c3", "Около двадцати человек задержаны 5 ноября в Москве.",
     "About twenty people were detained in Moscow on November 5.", None),
    ("ru-c4", "Генеральный секретарь НАТО Йенс Столтенберг встретился с представителями ЕС. "
     "Подробности опубликованы на сайте https://www.nato.int.",
     "NATO Secretary General Jens Stoltenberg met EU representatives. Details were published on "
     "https://www.nato.int.", None),
    ("ru-c5", "Поезд отправился из Санкт-Петербурга в 14:20 и прибыл в Москву через четыре часа, сообщили в компании РЖД.",
     "The train left St Petersburg at 14:20. It arrived in Moscow four hours later, Russian Railways said.", None),
    ("ru-c6", "Компания Яндекс сообщила о выручке в 200 млрд рублей за третий квартал.",
     "Yandex reported revenue of 200 billion roubles for the third quarter.", None),
    ("ru-c7", "Государственная дума одобрила бюджет на 2025 год.",
     "The State Duma approved the budget for 2025.", None),
    # -- German -------------------------------------------------------------------------------
    ("de-e1", "Die Arbeitslosenquote stieg im Mai auf 3,2 Prozent. Insgesamt waren 2,61 Millionen Menschen ohne Arbeit.",
     "The unemployment rate rose to 3.2 percent in May. A total of 2.16 million people were out of work.",
     ("number", "2.16 million", ["2.61 million"], "2,61 Millionen")),
    ("de-e2", "Der Gipfel findet am 12. Juni 2025 in Berlin statt.",
     "The summit will take place in Berlin on 21 June 2025.", ("date", "21 June 2025", ["12 June 2025"], "12. Juni 2025")),
    ("de-e3", "Weitere Informationen finden Sie unter www.bundesregierung.de/klima.",
     "Further information is available at www.federalgovernment.de/climate.",
     ("url", "www.federalgovernment.de/climate", ["www.bundesregierung.de/klima"], "www.bundesregierung.de/klima")),
    ("de-e4", "Der Sprecher sagte, die Verhandlungen seien noch nicht abgeschlossen.",
     "The spokesman said the negotiations seien noch nicht abgeschlossen.",
     ("untranslated", "seien noch nicht abgeschlossen", ["had not yet been concluded"], "seien noch nicht abgeschlossen")),
    ("de-e5", "Die Polizei nahm am Samstag drei Verdächtige fest. Sie werden beschuldigt, mehrere Banken überfallen "
     "zu haben. Die Ermittlungen dauern an.",
     "Police arrested three suspects on Saturday. The investigation is continuing.",
     ("omission", None, [], "Sie werden beschuldigt, mehrere Banken überfallen zu haben.")),
    ("de-e6", "Bundeskanzler Olaf Scholz traf sich mit dem Chef von Siemens, Roland Busch.",
     "Chancellor Olaf Scholz met the head of Siemens, Roland Bush.", ("name", "Bush", ["Busch"], "Busch")),
    ("de-e7", "Das Bundesverfassungsgericht hat das Gesetz gekippt.",
     "The Federal Constitutional Tribunal struck down the law.",
     ("glossary", "Federal Constitutional Tribunal", ["Federal Constitutional Court"], "Bundesverfassungsgericht")),
    ("de-c1", "Das Unternehmen beschäftigt 12.000 Mitarbeiter und erzielte einen Umsatz von 3,7 Mrd. Euro.",
     "The company employs 12,000 people and had revenue of 3.7 billion euros.", None),
    ("de-c2", "Am 3. Februar demonstrierten in München rund 20.000 Menschen, darunter zwanzig Abgeordnete.",
     "Around 20,000 people, including twenty lawmakers, demonstrated in Munich on February 3.", None),
    ("de-c3", "Die EU-Kommission legte am Mittwoch einen Plan vor, der die Emissionen bis 2030 um 55 Prozent senken soll.",
     "The European Commission presented a plan on Wednesday. It aims to cut emissions by 55 percent by 2030.", None),
    ("de-c4", "Laut dem Statistischen Bundesamt (Destatis) lag die Inflation im Januar bei 2,9 %. "
     "Die Daten sind unter www.destatis.de abrufbar.",
     "Inflation was 2.9% in January, according to the Federal Statistical Office (Destatis). "
     "The data are available at www.destatis.de.", None),
    ("de-c5", "Der Zug ICE 597 fährt um 14.45 Uhr von Hamburg nach München.",
     "The ICE 597 train leaves Hamburg for Munich at 2:45 p.m.", None),
    ("de-c6", "Die NATO-Staaten einigten sich darauf, zwei Prozent ihres BIP für Verteidigung auszugeben.",
     "NATO members agreed to spend two percent of their GDP on defence.", None),
    ("de-c7", "Das Bundesverfassungsgericht in Karlsruhe verhandelt am 10. Oktober über die Klage.",
     "The Federal Constitutional Court in Karlsruhe will hear the case on October 10.", None),
    # -- Spanish ------------------------------------------------------------------------------
    ("es-e1", "El incendio ha arrasado más de 1.500 hectáreas, según el Gobierno regional.",
     "The fire has destroyed more than 15,000 hectares, according to the regional government.",
     ("number", "15,000", ["1,500"], "1.500")),
    ("es-e2", "El juicio comenzará el 4 de noviembre de 2024 en Madrid.",
     "The trial will begin in Madrid on November 14, 2024.",
     ("date", "November 14, 2024", ["November 4, 2024"], "4 de noviembre de 2024")),
    ("es-e3", "Los interesados pueden consultar las bases en www.boe.es/convocatorias.",
     "Those interested can consult the rules at www.boe.es/calls.",
     ("url", "www.boe.es/calls", ["www.boe.es/convocatorias"], "www.boe.es/convocatorias")),
    ("es-e4", "El presidente defendió la reforma y aseguró que «no habrá marcha atrás».",
     "The president defended the reform and said that \"no habrá marcha atrás\".",
     ("untranslated", "no habrá marcha atrás", ["there will be no going back"], "no habrá marcha atrás")),
    ("es-e5", "La selección española ganó el partido por 3-1. Los goles fueron marcados por Morata, Rodri y Olmo. "
     "El próximo encuentro será el sábado.",
     "Spain won the match 3-1. The next game will be on Saturday.",
     ("omission", None, [], "Los goles fueron marcados por Morata, Rodri y Olmo.")),
    ("es-e6", "La OTAN y la ONU condenaron el ataque.",
     "NATO and the EU condemned the attack.", ("name", "EU", ["UN"], "ONU")),
    ("es-c1", "El paro bajó un 2,3 % en octubre, hasta los 2,7 millones de personas.",
     "Unemployment fell 2.3% in October to 2.7 million people.", None),
    ("es-c2", "Veinte migrantes fueron rescatados el 15 de agosto frente a las costas de Almería.",
     "Twenty migrants were rescued off the coast of Almería on August 15.", None),
    ("es-c3", "La UE aprobó el acuerdo. Entrará en vigor el 1 de enero de 2025.",
     "The EU approved the agreement, which will take effect on January 1, 2025.", None),
    ("es-c4", "Para más información, escriba a prensa@mitma.es o visite https://www.mitma.gob.es.",
     "For more information, write to prensa@mitma.es or visit https://www.mitma.gob.es.", None),
    ("es-c5", "El Banco Central Europeo (BCE) mantuvo los tipos en el 4,5 %.",
     "The European Central Bank (ECB) kept rates at 4.5%.", None),
    ("es-c6", "Más de 300.000 personas asistieron al concierto de Shakira en Barcelona el sábado.",
     "More than 300,000 people attended Shakira's concert in Barcelona on Saturday.", None),
    # -- French -------------------------------------------------------------------------------
    ("fr-e1", "Le projet coûtera 2,4 milliards d'euros et créera 1 200 emplois.",
     "The project will cost 2.4 million euros and create 1,200 jobs.",
     ("number", "2.4 million", ["2.4 billion"], "2,4 milliards")),
    ("fr-e2", "Le scrutin aura lieu le 30 juin 2024, a annoncé l'Élysée.",
     "The vote will take place on July 30, 2024, the Elysée announced.",
     ("date", "July 30, 2024", ["June 30, 2024"], "30 juin 2024")),
    ("fr-e3", "Le rapport complet est disponible sur www.insee.fr/rapport-2023.",
     "The full report is available at www.insee.fr/report-2023.",
     ("url", "www.insee.fr/report-2023", ["www.insee.fr/rapport-2023"], "www.insee.fr/rapport-2023")),
    ("fr-e4", "Le ministre a qualifié la situation de « très préoccupante » lors d'une conférence de presse.",
     "The minister described the situation as \"très préoccupante\" at a press conference.",
     ("untranslated", "très préoccupante", ["very worrying"], "très préoccupante")),
    ("fr-e5", "Un incendie s'est déclaré dans un entrepôt à Lyon mardi soir. Une centaine de pompiers ont été "
     "mobilisés pour maîtriser les flammes. Aucun blessé n'est à déplorer.",
     "A fire broke out in a warehouse in Lyon on Tuesday evening. No one was injured.",
     ("omission", None, [], "Une centaine de pompiers ont été mobilisés pour maîtriser les flammes.")),
    ("fr-e6", "Selon l'OMS, le nombre de cas a doublé en une semaine.",
     "According to the WTO, the number of cases doubled in a week.", ("name", "WTO", ["WHO"], "OMS")),
    ("fr-e7", "L'Assemblée nationale a adopté le texte par 320 voix contre 210.",
     "The National Parliament adopted the text by 320 votes to 210.",
     ("glossary", "National Parliament", ["National Assembly"], "Assemblée nationale")),
    ("fr-c1", "Le chômage a reculé à 7,3 % au troisième trimestre, selon l'Insee.",
     "Unemployment fell to 7.3% in the third quarter, according to Insee.", None),
    ("fr-c2", "Vingt personnes ont été interpellées le 14 juillet à Paris.",
     "Twenty people were arrested in Paris on July 14.", None),
    ("fr-c3", "L'OTAN et l'UE ont salué l'accord. Le texte a été signé à 15 h 30.",
     "NATO and the EU welcomed the agreement, which was signed at 3:30 p.m.", None),
    ("fr-c4", "Le budget de la Défense atteindra 413 milliards d'euros sur la période 2024-2030.",
     "The defence budget will reach 413 billion euros over the 2024-2030 period.", None),
    ("fr-c5", "L'Assemblée nationale examinera le projet de loi le 2 octobre. Les débats seront retransmis sur "
     "www.assemblee-nationale.fr.",
     "The National Assembly will examine the bill on October 2. The debates will be broadcast on "
     "www.assemblee-nationale.fr.", None),
    ("fr-c6", "Le nouvel Airbus A350 peut transporter jusqu'à 410 passagers.",
     "The new Airbus A350 can carry up to 410 passengers.", None),
    ("fr-c7", "Environ 3 500 manifestants ont défilé samedi, selon la préfecture, et 12 000 selon les syndicats.",
     "About 3,500 protesters marched on Saturday, according to the prefecture, and 12,000 according to the unions.", None),
    # -- Japanese -----------------------------------------------------------------------------
    ("ja-e1", "東京都は、新たに1万2千人の感染を確認したと発表した。",
     "The Tokyo metropolitan government said 1,200 new infections had been confirmed.",
     ("number", "1,200", ["12,000"], "1万2千")),
    ("ja-e2", "式典は2025年4月10日に大阪で行われる。",
     "The ceremony will be held in Osaka on April 1, 2025.", ("date", "April 1, 2025", ["April 10, 2025"], "2025年4月10日")),
    ("ja-e3", "詳細は公式サイト https://www.city.osaka.lg.jp をご覧ください。",
     "Details are available on the official website https://www.osaka.lg.jp.",
     ("url", "https://www.osaka.lg.jp", ["https://www.city.osaka.lg.jp"], "https://www.city.osaka.lg.jp")),
    ("ja-e4", "首相は記者団に対し、経済対策を早急にまとめる考えを示した。",
     "The prime minister told reporters he intended to まとめる economic measures quickly.",
     ("untranslated", "まとめる", ["put together"], "まとめる")),
    ("ja-e5", "気象庁によると、台風7号は15日に近畿地方に上陸する見込みだ。交通機関への影響が懸念されている。"
     "各地で大雨に警戒が必要だ。",
     "According to the Japan Meteorological Agency, Typhoon No. 7 is expected to make landfall in the Kinki "
     "region on the 15th. Residents across the region should be on alert for heavy rain.",
     ("omission", None, [], "交通機関への影響が懸念されている。")),
    ("ja-e6", "トヨタ自動車はEV向けの新型電池を発表した。",
     "Toyota Motor announced a new battery for hybrid vehicles.", ("name", "hybrid vehicles", ["electric vehicles"], "EV")),
    ("ja-c1", "日本銀行は政策金利を0.1%に引き上げた。",
     "The Bank of Japan raised its policy rate to 0.1%.", None),
    ("ja-c2", "政府は総額3兆円の補正予算案を閣議決定した。",
     "The cabinet approved a supplementary budget totalling 3 trillion yen.", None),
    ("ja-c3", "2024年1月1日、能登半島で最大震度7の地震が発生した。約2万人が避難した。",
     "An earthquake with a maximum seismic intensity of 7 struck the Noto Peninsula on January 1, 2024, "
     "and about 20,000 people were evacuated.", None),
    ("ja-c4", "ソニーは新型「PlayStation 5 Pro」を11月7日に発売すると発表した。",
     "Sony announced that it would release the new PlayStation 5 Pro on November 7.", None),
    ("ja-c5", "試合は午後7時に始まり、約3万5千人の観客が集まった。",
     "The game started at 7 p.m. and drew a crowd of about 35,000.", None),
    ("ja-c6", "自民党は、来年の参院選に向けて公約を発表した。詳しくはwww.jimin.jpで公開されている。",
     "The Liberal Democratic Party announced its platform for next year's upper house election. "
     "Details are published at www.jimin.jp.", None),
]


def build() -> list[dict]:
    rows = []
    for pair_id, source, target, error in PAIRS:
        errors = []
        if error is not None:
            kind, text, corrections, source_text = error
            s_start = source.index(source_text)
            item = {"type": kind, "corrections": corrections, "source_text": source_text,
                    "source_start": s_start, "source_end": s_start + len(source_text)}
            if text is not None:
                start = target.index(text)
                item.update(text=text, start=start, end=start + len(text))
            errors.append(item)
        rows.append({"id": pair_id, "language": pair_id.split("-")[0], "source": source, "target": target,
                     "errors": errors})
    return rows


if __name__ == "__main__":
    out = Path(__file__).with_name("pairs.jsonl")
    rows = build()
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} pairs, {sum(bool(r['errors']) for r in rows)} with an error -> {out}")
