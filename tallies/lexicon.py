"""Word lists for attribution: cue verbs, claimant nouns, roles, organisations, media,
channels, pronouns. Kept apart from the rules that use them so that each can be read and
extended on its own; every list says what it is for.
"""
import re

# Verbs that attribute what they govern to their subject.
CUE_VERBS = {
    "say", "tell", "announce", "report", "claim", "state", "add", "confirm", "estimate",
    "write", "post", "tweet", "record", "register", "count", "declare", "indicate", "note",
    "warn", "insist", "accuse", "allege", "assert", "acknowledge", "admit", "reveal",
    "disclose", "publish", "show", "find", "suggest", "cite", "believe", "explain", "tally",
    "document", "list", "update", "inform", "brief", "testify", "specify", "calculate",
    "assess", "conclude", "mention", "stress", "emphasize", "emphasise", "charge", "boast",
    "put", "place", "speak", "talk", "argue", "predict", "quote", "identify", "verify",
    "inform", "blame", "deny", "think", "fear", "expect", "tweet", "broadcast", "air",
    "compile", "release", "issue", "detail", "give", "cite", "put", "set", "tell", "share",
    "say", "declare", "signal", "relay", "publish", "observe", "determine", "establish",
    "recount", "describe", "count", "register", "receive", "raise", "revise", "lower", "peg",
    "value", "maintain", "contend", "reckon", "concede", "promise", "pledge", "request",
    "demand", "allocate", "point",
}

RECEIVED_NOUNS = {"report", "complaint", "request", "call", "application", "claim", "appeal",
                  "petition", "registration", "notification"}

# Cues that say who counted rather than who speaks: a speaking cue above them wins
# ("He said IOM recorded 2,778 deaths" is his claim).
WEAK_CUES = {"record", "register", "count", "document", "identify", "find", "show", "tally",
             "list", "compile", "verify", "determine", "establish", "observe", "calculate",
             "estimate", "put", "place", "set", "give", "release", "publish", "update",
             "detail", "issue", "share", "receive"}

# Cue verbs that attribute only in some frames: "put/place/set the toll at N", "gave a toll of".
TOLL_CUES = {"put", "place", "set", "give", "release", "issue", "publish", "update", "share",
             "raise", "revise", "compile", "count", "record", "register", "tally", "detail",
             "peg", "value"}

TOLL_NOUNS = {"toll", "figure", "number", "estimate", "count", "tally", "total", "data",
              "statistic", "death", "casualty", "list", "figures"}

# What a statement is published as: "released figures", "published a list" (not "released a
# total of 400 prisoners").
PUBLISHED_NOUNS = {"figure", "figures", "data", "statistic", "statistics", "list", "report",
                   "toll", "estimate", "tally", "count", "update", "bulletin", "numbers"}

# Nouns that speak for whoever made them: "an AP count shows", "NDMA data", "the statement".
DOCUMENT_NOUNS = {"image", "imagery", "footage", "photo", "summary", "tracker",
    "report", "study", "statement", "data", "figure", "figures", "count", "tally", "survey",
    "estimate", "estimates", "analysis", "statistic", "statistics", "record", "records",
    "assessment", "bulletin", "update", "communique", "release", "post", "tweet", "video",
    "document", "letter", "agreement", "investigation", "research", "review", "sitrep",
    "list", "dashboard", "database", "census", "poll", "log", "briefing", "account",
    "calculation", "projection", "model", "finding", "findings", "toll", "number", "numbers",
}

# People who are sources without a name: "a source", "officials", "witnesses".
ANON_HEADS = {
    "source", "official", "witness", "resident", "person", "people", "insider", "officer",
    "diplomat", "expert", "analyst", "activist", "observer", "authority", "spokesman",
    "spokeswoman", "spokesperson", "representative", "medic", "doctor", "paramedic",
    "rescuer", "worker", "local", "villager", "survivor", "relative", "eyewitness",
    "commander", "soldier", "member", "employee", "staffer", "aide", "administrator",
    "officer", "agent", "investigator", "researcher", "responder", "volunteer", "journalist",
    "reporter", "correspondent", "blogger", "monitor", "someone", "lawmaker", "minister",
}

# Role words that come before a name: "Defense Minister Sergei Shoigu".
ROLE_WORDS = {
    "spokesman", "spokeswoman", "spokesperson", "minister", "president", "commander", "chief",
    "director", "secretary", "general", "colonel", "col", "lieutenant", "lt", "major",
    "captain", "sergeant", "envoy", "ambassador", "governor", "mayor", "head", "leader",
    "blogger", "correspondent", "journalist", "official", "officer", "premier", "chairman",
    "chairwoman", "chair", "adviser", "advisor", "aide", "deputy", "speaker", "senator",
    "representative", "rep", "sen", "gov", "mr", "mrs", "ms", "dr", "prof", "professor",
    "king", "queen", "prince", "sheikh", "emir", "ayatollah", "imam", "pope", "bishop",
    "admiral", "marshal", "brigadier", "gen", "capt", "sgt", "maj", "analyst", "expert",
    "researcher", "coordinator", "administrator", "manager", "executive", "ceo", "founder",
    "elder", "activist", "lawmaker", "mp", "prosecutor", "judge", "attorney", "lawyer",
    "doctor", "surgeon", "medic", "editor", "reporter", "writer", "commissioner", "rapporteur",
    "representative", "delegate", "counsellor", "counselor", "councillor", "councilor",
    "superintendent", "inspector", "sheriff", "constable", "warlord", "militant",
}

ORG_WORDS = {
    "ministry", "department", "committee", "agency", "authority", "office", "council", "forces",
    "force", "army", "navy", "police", "service", "services", "watch", "observatory",
    "organization", "organisation", "group", "union", "unions", "fund", "bank", "institute",
    "university", "school", "center", "centre", "commission", "court", "government",
    "parliament", "party", "administration", "command", "staff", "corps", "guard", "brigade",
    "battalion", "regiment", "federation", "association", "society", "cross", "crescent",
    "helmets", "nations", "program", "programme", "news", "press", "times", "post", "journal",
    "network", "tv", "television", "radio", "media", "channel", "company", "inc", "ltd",
    "corp", "airlines", "hospital", "coalition", "alliance", "front", "movement",
    "brotherhood", "military", "militia", "directorate", "bureau", "prefecture", "embassy",
    "mission", "secretariat", "board", "cabinet", "kremlin", "pentagon", "ngo", "charity",
    "foundation", "trust", "project", "initiative", "monitor", "centre", "cell", "unit",
    "headquarters", "hq", "council", "presidency", "municipality", "administration",
    "authorities", "officials", "insurgents", "rebels", "separatists", "militants",
    "troops", "hamas", "hezbollah", "taliban", "shebab", "houthis", "wagner", "isis",
    "nato", "un", "unhcr", "unicef", "who", "icrc", "msf", "idf", "ocha", "iom", "afad",
    "ndma", "hrw", "aoav", "acled", "airwars", "amnesty", "reuters", "afp", "ap",
}

MEDIA = {
    "tass", "ria", "ria novosti", "interfax", "ukrinform", "unian", "reuters", "ap",
    "associated press", "afp", "agence france-presse", "efe", "xinhua", "irna", "anadolu",
    "dpa", "ansa", "al jazeera", "bbc", "cnn", "sky news", "fox news", "nbc", "cbs", "abc",
    "kyodo", "yonhap", "pti", "ani", "wafa", "sana", "tasnim", "fars", "sputnik", "rt",
    "kommersant", "izvestia", "meduza", "channel one", "rossiya", "rossiya 24", "nhk",
    "bloomberg", "the new york times", "new york times", "washington post", "guardian",
    "the guardian", "times of israel", "haaretz", "ynet", "kan", "al arabiya", "mehr", "isna",
    "bernama", "antara", "npr", "pbs", "politico", "axios", "cnbc", "euronews", "dw",
    "deutsche welle", "france 24", "voa", "voice of america", "radio free europe", "rfe/rl",
    "novaya gazeta", "rbc", "ren tv", "nexta", "suspilne", "hromadske", "kyiv independent",
    "efe-epa", "epa", "upi", "press tv", "geo news", "dawn", "ndtv", "times of india",
}

CHANNELS = {
    "telegram": "Telegram", "facebook": "Facebook", "twitter": "X/Twitter", "x": "X/Twitter",
    "tweet": "X/Twitter", "instagram": "Instagram", "youtube": "YouTube", "vkontakte":
    "VKontakte", "vk": "VKontakte", "whatsapp": "WhatsApp", "tiktok": "TikTok",
    "television": "television", "tv": "television", "radio": "radio", "truth social":
    "Truth Social", "weibo": "Weibo", "wechat": "WeChat", "threads": "Threads",
    "website": "website", "blog": "blog", "podcast": "podcast",
}

PRONOUNS = {"he": "person", "she": "person", "him": "person", "her": "person",
            "it": "org", "they": "group", "them": "group", "we": "speaker", "i": "speaker",
            "its": "org", "his": "person", "their": "group", "our": "speaker", "my": "speaker",
            "who": "relative", "which": "relative", "that": "relative"}

# Definite descriptions and what they can point back to.
GENERIC_REFS = {
    "military": {"military", "army", "forces", "idf", "troops", "defense", "defence", "command"},
    "army": {"army", "military", "forces", "troops", "staff"},
    "ministry": {"ministry"}, "agency": {"agency", "authority", "service"},
    "group": set(), "organization": set(), "organisation": set(), "committee": {"committee"},
    "authority": {"authority", "agency"}, "observatory": {"observatory"},
    "government": {"government", "ministry", "cabinet"}, "police": {"police"},
    "study": {"study"}, "researchers": {"researchers", "study", "school", "university"},
    "unions": {"unions", "union", "cgt", "ctus"}, "union": {"union"},
    "staff": {"staff"}, "official": set(), "spokesman": set(), "spokeswoman": set(),
    "spokesperson": set(), "statement": set(), "report": set(), "count": set(),
    "department": {"department"}, "office": {"office"}, "service": {"service"},
    "forces": {"forces", "army", "military"}, "survey": {"survey"},
    "authorities": {"authorities", "authority", "government", "ministry"},
    # "the analysts", "the monitors", "the investigators": the named team said before
    "analysts": {"group", "analysts", "institute", "team", "monitor", "monitors", "analysis"},
    "monitors": {"mission", "monitors", "monitor", "observatory", "group"},
    "investigators": {"committee", "investigators", "commission", "team", "inquiry"},
    "experts": {"group", "experts", "institute", "team", "panel"},
}

REPORTED_ADVERBS = {"reportedly", "allegedly", "purportedly", "supposedly", "apparently"}

_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&\-]{1,9}s?$")

COUNTRIES = {
    "afghanistan", "albania", "algeria", "angola", "argentina", "armenia", "australia",
    "austria", "azerbaijan", "bahrain", "bangladesh", "belarus", "belgium", "benin",
    "bolivia", "bosnia", "brazil", "britain", "bulgaria", "burkina", "burundi", "cambodia",
    "cameroon", "canada", "chad", "chile", "china", "colombia", "congo", "croatia", "cuba",
    "cyprus", "czechia", "denmark", "djibouti", "ecuador", "egypt", "eritrea", "estonia",
    "ethiopia", "finland", "france", "gabon", "gaza", "georgia", "germany", "ghana", "greece",
    "guatemala", "guinea", "haiti", "honduras", "hungary", "india", "indonesia", "iran",
    "iraq", "ireland", "israel", "italy", "japan", "jordan", "kazakhstan", "kenya", "korea",
    "kosovo", "kuwait", "kyrgyzstan", "laos", "latvia", "lebanon", "liberia", "libya",
    "lithuania", "madagascar", "malawi", "malaysia", "mali", "mauritania", "mexico",
    "moldova", "mongolia", "montenegro", "morocco", "mozambique", "myanmar", "namibia",
    "nepal", "netherlands", "nicaragua", "niger", "nigeria", "norway", "oman", "pakistan",
    "palestine", "panama", "paraguay", "peru", "philippines", "poland", "portugal", "qatar",
    "romania", "russia", "rwanda", "senegal", "serbia", "sierra", "singapore", "slovakia",
    "slovenia", "somalia", "spain", "sudan", "sweden", "switzerland", "syria", "taiwan",
    "tajikistan", "tanzania", "thailand", "togo", "tunisia", "turkey", "türkiye",
    "turkmenistan", "uganda", "ukraine", "uae", "uk", "us", "usa", "america", "uruguay",
    "uzbekistan", "venezuela", "vietnam", "yemen", "zambia", "zimbabwe", "moscow", "kyiv",
    "kiev", "washington", "beijing", "tehran", "damascus", "baghdad", "jerusalem", "ankara",
    "riyadh", "kabul", "khartoum", "sanaa", "minsk", "london", "paris", "berlin", "brussels",
}

# Documents that speak through any verb: "Wednesday's Quinnipiac poll has Clinton at 46
# percent", "the UN data puts the toll at 50", "an AP count shows 999 dead".
SPEAKING_DOCUMENTS = {"poll", "survey", "study", "report", "data", "statistic", "statistics",
                      "analysis", "census", "estimate", "research", "review", "assessment",
                      "investigation", "document", "letter", "statement", "bulletin", "tally",
                      "count", "audit", "projection", "model", "forecast", "index", "ranking",
                      "list", "database", "dashboard", "record", "records", "filing", "filings",
                      "image", "imagery", "footage", "video", "photo", "photograph", "picture",
                      "summary", "assessment", "update", "sitrep", "dossier", "tracker"}

DOCUMENT_VERBS = {"show", "find", "have", "give", "put", "place", "list", "suggest", "indicate",
                  "estimate", "count", "record", "reveal", "say", "conclude", "report",
                  "document", "project", "predict", "rank", "peg", "tally", "measure", "track",
                  "find", "put", "see", "register", "note", "detail", "cite", "identify"}

CLAIMANT_NOUNS = ANON_HEADS | ROLE_WORDS | ORG_WORDS | DOCUMENT_NOUNS | {
    "government", "military", "army", "police", "rebel", "militant", "separatist", "union",
    "agency", "group", "ministry", "spokesman", "organizer", "organiser", "hospital",
    "rescuer", "firefighter", "paramedic", "coroner", "prosecutor", "court", "study",
    "researcher", "scientist", "monitor", "observer", "party", "campaign", "lawyer",
    "family", "relative", "neighbour", "neighbor", "man", "woman", "survivor", "victim",
    "estimate", "statement", "figure", "poll", "analysis", "council", "commission", "side",
    "camp", "site", "website", "outlet", "newspaper", "paper", "broadcaster", "station",
    "portal", "daily", "magazine", "tabloid", "network", "analyst", "expert", "pollster"}

EVIDENCE_NOUNS = {"evidence", "proof", "sign", "trace", "indication", "record"}

FINDERS = {"researcher", "investigator", "study", "analyst", "expert", "monitor", "auditor",
           "inspector", "survey", "report", "team", "scientist", "mission", "panel", "commission",
           "inquiry", "probe", "review", "analysis", "group", "organization", "organisation"}

RESPONDENT_HEADS = {"percent", "%", "majority", "minority", "share", "half", "third", "quarter",
                    "respondent", "plurality", "fraction", "proportion"}

WH_WORDS = {"who", "what", "which", "whom", "whose", "where", "when", "why", "how"}

NOT_CLAIMANTS = {"those", "these", "some", "many", "most", "others", "another", "all", "few",
                 "none", "both", "each", "either", "neither", "one", "half", "everyone",
                 "nobody", "anyone", "something", "nothing", "this", "that", "which", "who",
                 "what", "whom"}

TIME_WORDS = {"today", "yesterday", "tomorrow", "monday", "tuesday", "wednesday", "thursday",
              "friday", "saturday", "sunday", "week", "month", "year", "weekend", "tonight",
              "january", "february", "march", "april", "may", "june", "july", "august",
              "september", "october", "november", "december", "last", "this", "next"}

NOUN_CUES = {"claim", "estimate", "statement", "assertion", "allegation", "announcement",
             "assessment", "report", "projection", "prediction", "warning", "figure", "toll",
             "count", "tally", "estimation", "calculation"}

# Links through which a clause is what a cue says (not an adjunct such as "although ...").
CONTENT_DEPS = {"ccomp", "xcomp", "parataxis", "dobj", "pcomp", "prep", "pobj", "acomp",
                "oprd", "attr", "dative", "npadvmod", "nsubjpass", "csubj", "advmod"}

PLACE_NOUNS = {"town", "city", "village", "territory", "country", "island", "region",
               "province", "district", "camp", "area", "nation", "state", "capital",
               "municipality", "suburb", "neighbourhood", "neighborhood", "county", "enclave",
               "strip", "settlement", "valley", "port", "hub", "stronghold", "base"}

SUBORDINATORS = {"after", "before", "when", "while", "although", "though", "because", "as",
                 "since", "if", "unless", "until", "once", "whereas", "where"}
