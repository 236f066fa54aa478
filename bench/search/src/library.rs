//! A generated library of Polish good practices: titles, summaries, bodies and results built
//! from word pools with inflected forms (instruments, topics, actors, activities, verbs), plus
//! words every practice uses ("gmina", "mieszkańców", "projekt") and rare words few use. All the
//! vocabulary was written for this benchmark; the texts are not grammatical prose but have the
//! word forms, lengths and word frequencies of real descriptions.

use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;

/// Instrument code and the inflected forms of its name.
pub const INSTRUMENTS: &[(&str, &[&str])] = &[
    (
        "microgrants",
        &[
            "mikrogranty",
            "mikrograntów",
            "mikrograntom",
            "mikrograntami",
            "mikrogrant",
            "mikrograntu",
        ],
    ),
    (
        "neighbourhood_fund",
        &[
            "fundusz sąsiedzki",
            "funduszu sąsiedzkiego",
            "funduszem sąsiedzkim",
            "funduszowi sąsiedzkiemu",
        ],
    ),
    (
        "small_grant",
        &[
            "mały grant",
            "małego grantu",
            "małe granty",
            "małych grantów",
            "małymi grantami",
        ],
    ),
    (
        "open_competition",
        &[
            "otwarty konkurs ofert",
            "otwartego konkursu ofert",
            "otwartym konkursie ofert",
            "konkursu ofert",
        ],
    ),
    (
        "local_initiative",
        &[
            "inicjatywa lokalna",
            "inicjatywy lokalnej",
            "inicjatywie lokalnej",
            "inicjatywą lokalną",
            "inicjatyw lokalnych",
        ],
    ),
    (
        "micro_purchase",
        &[
            "zamówienia społeczne",
            "zamówień społecznych",
            "zamówieniach społecznych",
            "zamówienie społeczne",
        ],
    ),
    (
        "regranting",
        &[
            "regranting",
            "regrantingu",
            "regrantingiem",
            "operatora regrantingu",
        ],
    ),
    (
        "incubator",
        &[
            "inkubator",
            "inkubatora",
            "inkubatorze",
            "inkubatorem",
            "inkubatory",
        ],
    ),
    (
        "council",
        &[
            "rada działalności pożytku publicznego",
            "rady działalności pożytku publicznego",
            "radzie działalności pożytku publicznego",
        ],
    ),
    (
        "consultation",
        &[
            "konsultacje społeczne",
            "konsultacji społecznych",
            "konsultacjach społecznych",
            "konsultacjami",
        ],
    ),
    (
        "other",
        &["partnerstwo", "partnerstwa", "partnerstwem", "partnerstwie"],
    ),
];

/// Topic tag (as officers write it) and the inflected forms of the group or theme.
pub const TOPICS: &[(&str, &[&str])] = &[
    (
        "seniorzy",
        &[
            "seniorzy",
            "seniorów",
            "seniorom",
            "seniorami",
            "seniorach",
            "osób starszych",
        ],
    ),
    (
        "młodzież",
        &[
            "młodzież",
            "młodzieży",
            "młodzieżą",
            "młodzieżowa rada",
            "młodzieżowej rady",
        ],
    ),
    (
        "dzieci",
        &[
            "dzieci",
            "dzieciom",
            "dziećmi",
            "dzieciach",
            "rodzin z dziećmi",
        ],
    ),
    (
        "niepełnosprawność",
        &[
            "osoby z niepełnosprawnościami",
            "osób z niepełnosprawnościami",
            "osobom niepełnosprawnym",
            "niepełnosprawnych",
        ],
    ),
    (
        "zieleń",
        &[
            "zieleń miejska",
            "zieleni miejskiej",
            "zielenią",
            "drzew",
            "ogrodów społecznych",
        ],
    ),
    (
        "klimat",
        &[
            "klimat",
            "klimatu",
            "zmian klimatu",
            "adaptacji do zmian klimatu",
            "retencji wody",
        ],
    ),
    (
        "sport",
        &[
            "sport",
            "sportu",
            "klubów sportowych",
            "zajęć sportowych",
            "rekreacji",
        ],
    ),
    (
        "kultura",
        &[
            "kultura",
            "kultury",
            "kulturze",
            "domu kultury",
            "teatru",
            "koncertów",
        ],
    ),
    (
        "edukacja",
        &["edukacja", "edukacji", "szkół", "uczniów", "nauczycieli"],
    ),
    (
        "zdrowie",
        &[
            "zdrowie",
            "zdrowia",
            "profilaktyki zdrowotnej",
            "badań",
            "pielęgniarek",
        ],
    ),
    (
        "bezdomność",
        &[
            "bezdomność",
            "bezdomności",
            "osób w kryzysie bezdomności",
            "noclegowni",
        ],
    ),
    (
        "uchodźcy",
        &[
            "uchodźcy",
            "uchodźców",
            "uchodźcom",
            "cudzoziemców",
            "migrantów",
        ],
    ),
    (
        "sąsiedztwo",
        &[
            "sąsiedztwo",
            "sąsiedztwa",
            "sąsiadów",
            "sąsiedzkich",
            "osiedla",
        ],
    ),
    (
        "rowery",
        &[
            "rowery",
            "rowerów",
            "rowerzystów",
            "ścieżek rowerowych",
            "transportu",
        ],
    ),
    (
        "dziedzictwo",
        &[
            "dziedzictwo",
            "dziedzictwa",
            "zabytków",
            "historii miejsca",
            "pamięci",
        ],
    ),
    (
        "przedsiębiorczość społeczna",
        &[
            "przedsiębiorczość społeczna",
            "spółdzielni socjalnej",
            "ekonomii społecznej",
        ],
    ),
];

const ACTORS: &[&[&str]] = &[
    &[
        "organizacje pozarządowe",
        "organizacji pozarządowych",
        "organizacjom pozarządowym",
        "organizacjami pozarządowymi",
    ],
    &[
        "grupy nieformalne",
        "grup nieformalnych",
        "grupom nieformalnym",
        "grupami nieformalnymi",
    ],
    &[
        "stowarzyszenie",
        "stowarzyszenia",
        "stowarzyszeniu",
        "stowarzyszeń",
    ],
    &["fundacja", "fundacji", "fundacją", "fundacje"],
    &[
        "wolontariusze",
        "wolontariuszy",
        "wolontariuszom",
        "wolontariuszkami",
    ],
    &[
        "koło gospodyń wiejskich",
        "koła gospodyń wiejskich",
        "kołem gospodyń",
    ],
    &[
        "rada osiedla",
        "rady osiedla",
        "radzie osiedla",
        "rad osiedlowych",
    ],
    &[
        "szkoła podstawowa",
        "szkoły podstawowej",
        "szkołą",
        "szkołom",
    ],
    &[
        "ośrodek pomocy społecznej",
        "ośrodka pomocy społecznej",
        "ośrodkiem pomocy",
    ],
    &[
        "spółdzielnia mieszkaniowa",
        "spółdzielni mieszkaniowej",
        "spółdzielnią",
    ],
    &["biblioteka", "biblioteki", "bibliotece", "bibliotekach"],
    &[
        "urząd miasta",
        "urzędu miasta",
        "urzędem",
        "urzędnicy",
        "urzędników",
    ],
];

const ACTIVITIES: &[&[&str]] = &[
    &["warsztaty", "warsztatów", "warsztatach", "warsztatami"],
    &["szkolenia", "szkoleń", "szkoleniach", "szkolenie"],
    &["spotkania", "spotkań", "spotkaniach", "spotkanie"],
    &["festyn", "festynu", "festynie", "festyny"],
    &["dotacje", "dotacji", "dotacjami", "dotacja"],
    &["doradztwo", "doradztwa", "porady", "porad"],
    &["lokal", "lokalu", "lokale", "lokali"],
    &["sprzęt", "sprzętu", "wyposażenie", "wyposażenia"],
    &["plac zabaw", "placu zabaw", "placów zabaw"],
    &[
        "kampania informacyjna",
        "kampanii informacyjnej",
        "kampanię",
    ],
    &["wydarzenia", "wydarzeń", "wydarzeniach", "wydarzenie"],
    &["wyjazdy", "wyjazdów", "wycieczki", "wycieczek"],
    &["dyżury", "dyżurów", "dyżurach"],
    &["zbiórka", "zbiórki", "zbiórek"],
    &[
        "sprawozdania",
        "sprawozdań",
        "sprawozdaniach",
        "rozliczenia",
        "rozliczenie",
    ],
];

const VERBS: &[&str] = &[
    "zorganizowała",
    "zorganizowali",
    "zorganizowano",
    "sfinansowała",
    "sfinansowano",
    "przeprowadziła",
    "przeprowadzono",
    "uruchomiła",
    "uruchomiono",
    "wsparła",
    "wsparto",
    "przygotowała",
    "przygotowano",
    "zrealizowała",
    "zrealizowano",
    "prowadzi",
    "prowadzą",
    "koordynuje",
    "ogłosiła",
    "ogłoszono",
    "przyznała",
    "przyznano",
    "rozliczyła",
    "oceniła",
    "wybrali",
    "zaprosiła",
    "zgłosili",
    "dofinansowała",
    "wyremontowano",
    "udostępniła",
];

const COMMON: &[&str] = &[
    "gmina",
    "gminy",
    "gminie",
    "gminą",
    "mieszkańcy",
    "mieszkańców",
    "mieszkańcom",
    "projekt",
    "projektu",
    "projekty",
    "projektów",
    "miasto",
    "miasta",
    "mieście",
    "roku",
];

/// Words few practices use (each about 5 % of practices take one of them).
pub const RARE: &[&str] = &[
    "pszczelarstwo",
    "pasieki",
    "kajakarstwo",
    "szachistów",
    "gobelinów",
    "astronomii",
    "ceramiki",
    "origami",
    "krwiodawców",
    "hipoterapii",
    "kynologiczne",
    "bractwa kurkowego",
    "gawędziarzy",
    "kamieniarki",
    "witraży",
    "dogoterapii",
    "szydełkowania",
    "lutnictwa",
    "żeglarstwa",
    "wikliny",
    "bartnictwa",
    "numizmatyków",
    "filatelistów",
    "krótkofalowców",
    "speleologów",
    "modelarni",
    "pierogów",
    "nalewek",
    "kiszonek",
    "zielarstwa",
    "grzybiarzy",
    "łucznictwa",
    "szermierki",
    "ornitologów",
    "nietoperzy",
    "motyli",
    "jeży",
    "bocianów",
    "trzmieli",
    "mchów",
    "porostów",
    "kapliczek",
    "mozaiki",
    "murali",
    "graffiti",
    "kaligrafii",
    "introligatorstwa",
    "tkactwa",
    "garncarstwa",
    "kowalstwa",
    "bednarstwa",
    "zdunów",
    "kominiarzy",
    "szewców",
    "krawcowych",
    "fotoplastykonu",
    "kinematografu",
    "planetarium",
    "obserwatorium",
    "dendrologii",
    "arboretum",
    "herbarium",
    "gęśliki",
    "ligawki",
    "dudziarzy",
    "kapeli podwórkowej",
    "trampoliny",
    "parkour",
    "slackline",
    "frisbee",
    "curlingu",
    "bule",
    "petanki",
    "krykieta",
    "baseballu",
    "kendo",
    "aikido",
    "capoeiry",
    "tańca irlandzkiego",
    "flamenco",
    "poloneza",
    "mazura",
    "kujawiaka",
    "oberka",
    "gwary śląskiej",
    "godki",
    "ślabikorza",
    "kroniki",
    "palimpsestu",
    "hejnału",
    "karylionu",
    "organmistrza",
    "lutników",
];

/// A municipality of the library (id, name).
pub struct Place {
    pub id: String,
    pub name: String,
}

/// One generated practice.
pub struct Generated {
    pub title: String,
    pub summary: String,
    pub body: String,
    pub results: String,
    pub costs: String,
    pub partners: String,
    pub instrument: Option<&'static str>,
    pub topics: Vec<&'static str>,
    pub year: i32,
    pub place: usize,
}

fn pick<'a>(rng: &mut StdRng, forms: &'a [&'a str]) -> &'a str {
    forms.choose(rng).copied().unwrap_or("")
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

pub fn practice(rng: &mut StdRng, places: &[Place]) -> Generated {
    let place = rng.random_range(0..places.len());
    let town = &places[place].name;
    let inst = rng.random_range(0..INSTRUMENTS.len());
    let (inst_code, inst_forms) = INSTRUMENTS[inst];
    let n_topics = rng.random_range(1..=3);
    let mut topic_ids: Vec<usize> = Vec::new();
    while topic_ids.len() < n_topics {
        let t = rng.random_range(0..TOPICS.len());
        if !topic_ids.contains(&t) {
            topic_ids.push(t);
        }
    }
    let topic = |rng: &mut StdRng, ids: &[usize]| {
        let t = ids[rng.random_range(0..ids.len())];
        pick(rng, TOPICS[t].1).to_string()
    };
    let actor = |rng: &mut StdRng| {
        let i = rng.random_range(0..ACTORS.len());
        pick(rng, ACTORS[i]).to_string()
    };
    let activity = |rng: &mut StdRng| {
        let i = rng.random_range(0..ACTIVITIES.len());
        pick(rng, ACTIVITIES[i]).to_string()
    };
    let verb = |rng: &mut StdRng| pick(rng, VERBS).to_string();
    let common = |rng: &mut StdRng| pick(rng, COMMON).to_string();
    let rare = rng.random_bool(0.05).then(|| pick(rng, RARE).to_string());

    let title = match rng.random_range(0..4) {
        0 => format!(
            "{} dla {} w {town}",
            cap(pick(rng, inst_forms)),
            topic(rng, &topic_ids)
        ),
        1 => format!(
            "{} {} – {}",
            cap(&activity(rng)),
            topic(rng, &topic_ids),
            pick(rng, inst_forms)
        ),
        2 => format!("{town}: {} i {}", activity(rng), topic(rng, &topic_ids)),
        _ => format!("{} {} {}", cap(&actor(rng)), verb(rng), activity(rng)),
    };
    let summary = format!(
        "{} {} {} {} dla {} w ramach {}. {} {} {}.",
        cap(&common(rng)),
        town,
        verb(rng),
        activity(rng),
        topic(rng, &topic_ids),
        pick(rng, inst_forms),
        cap(&actor(rng)),
        verb(rng),
        activity(rng),
    );
    let mut body = String::new();
    let sentences = rng.random_range(6..=12);
    for i in 0..sentences {
        let s = match rng.random_range(0..7) {
            0 => format!(
                "{} {} {} dla {} i {}.",
                cap(&actor(rng)),
                verb(rng),
                activity(rng),
                topic(rng, &topic_ids),
                topic(rng, &topic_ids)
            ),
            1 => format!(
                "W ramach {} {} {} {} z udziałem {}.",
                pick(rng, inst_forms),
                verb(rng),
                rng.random_range(2..200),
                activity(rng),
                actor(rng)
            ),
            2 => format!(
                "Najważniejszym efektem było zaangażowanie {} oraz {} w {}.",
                topic(rng, &topic_ids),
                actor(rng),
                common(rng)
            ),
            3 => format!(
                "{} {} {} {} na {} osiedlach, a {} {}.",
                cap(&common(rng)),
                town,
                verb(rng),
                activity(rng),
                rng.random_range(2..30),
                actor(rng),
                verb(rng)
            ),
            4 => format!(
                "Przedsięwzięcie wymagało współpracy {} z {} i {}.",
                actor(rng),
                actor(rng),
                common(rng)
            ),
            5 => format!(
                "Dzięki {} {} {} {} {}.",
                pick(rng, inst_forms),
                actor(rng),
                verb(rng),
                activity(rng),
                topic(rng, &topic_ids)
            ),
            _ => format!(
                "Uczestnicy ocenili {} wysoko, a {} {} kolejne {}.",
                activity(rng),
                common(rng),
                verb(rng),
                activity(rng)
            ),
        };
        if i > 0 {
            body.push(' ');
        }
        body.push_str(&s);
    }
    if let Some(r) = &rare {
        body.push_str(&format!(" Szczególne miejsce zajęły zajęcia z {r}."));
    }
    let results = format!(
        "Wzięło udział {} osób, odbyło się {} {}. {} {} kontynuację.",
        rng.random_range(20..2000),
        rng.random_range(2..60),
        activity(rng),
        cap(&actor(rng)),
        verb(rng)
    );
    let costs = format!(
        "Budżet {} zł, w tym wkład własny {} zł.",
        rng.random_range(5..500) * 1000,
        rng.random_range(1..50) * 100
    );
    let partners = format!("{}, {}", cap(&actor(rng)), actor(rng));
    Generated {
        title,
        summary,
        body,
        results,
        costs,
        partners,
        instrument: rng.random_bool(0.9).then_some(inst_code),
        topics: topic_ids.iter().map(|&t| TOPICS[t].0).collect(),
        year: rng.random_range(2015..=2025),
        place,
    }
}
