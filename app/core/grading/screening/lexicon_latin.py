"""Word classes in English, Spanish, French, German, Portuguese and Italian.

Verbs are listed in the forms of an order (imperative, polite imperative,
infinitive after "please"); narrative forms ("we ignored", "she gave") are left
out on purpose, so an honest answer that tells what happened is not an order.
"""

from __future__ import annotations

from app.core.grading.screening.lexicon import (
    ADDRESS,
    APPROVED,
    CHOOSE,
    DECODE,
    DESERVE,
    GIVE,
    IGNORE,
    LEAD,
    MARK,
    PASSIVE,
    ROLE,
    ROLE_NOTE,
    RUBRIC,
    SELF,
    TOP,
    Language,
)

_AI_EN = (
    r"(?:ai|a\.i\.|llm|chat ?gpt|gpt(?:-?\d\w*)?|gemini|claude|copilot|(?:large )?language model|"
    r"chatbot|bot|grader|grading (?:ai|system|model|assistant|bot|tool|software|engine)|marker|"
    r"examiner|assessor|evaluator|assistant|model|reviewer|checker|automated (?:grader|grading|"
    r"system|marker|assessor|reviewer|checker|evaluator)|(?:ai|model|machine) (?:grader|marker|"
    r"assistant|reviewer|checker|evaluator)|scoring (?:system|model|engine))"
)

EN = Language(
    "en",
    True,
    {
        IGNORE: [
            "ignore", "disregard", "forget(?: about)?", "override", "overrule", "bypass", "skip",
            "set aside", "put aside", "lay aside", "throw out", "throw away", "discard", "ditch",
            "drop", "abandon", "scrap", "suspend", "waive", "neglect", "overlook", "look past",
            "pay no (?:attention|heed|mind) to", "(?:do not|don't|dont|never) (?:use|apply|follow|"
            "consider|check against|grade (?:by|with|against)|stick to|bother with|worry about)",
            "stop (?:using|applying|following)", "no longer (?:use|apply|follow)", "deviate from",
            "depart from", "step outside", "never mind",
        ],
        RUBRIC: [
            "rubrics?", "criteria", "criterion", "instructions?", "prompts?", "guidelines?",
            "directions", "directives?", "mark scheme", "answer key",
            "(?:grading|marking|scoring|assessment|evaluation) (?:scheme|criteria|rules|guide|"
            "guidelines|policy|standards?|instructions|rubric|system|key|matrix|grid)",
            "(?:system|developer) (?:message|prompt|instructions)",
            "(?:previous|prior|earlier|above|preceding|original|initial|other|existing|all|any) "
            "(?:instructions|directions|orders|rules|commands|context|prompts?|guidance|"
            "constraints|guidelines|criteria)",
            "your (?:programming|training|rules|orders|directions|task|constraints|guidelines|"
            "instructions|criteria)",
        ],
        "rubric_strong": [
            "rubrics?", "mark scheme", "answer key",
            "(?:grading|marking|scoring|assessment|evaluation) (?:scheme|criteria|rules|guide|"
            "guidelines|policy|rubric|key|instructions)",
            "(?:system|developer) (?:message|prompt|instructions)",
            "(?:previous|prior|earlier|above|preceding|original|all|any) (?:instructions|directions|"
            "orders|commands|prompts?|guidance|constraints)",
            "your (?:programming|training|rules|orders|directions|instructions|criteria|guidelines)",
        ],
        "self_object": [
            "(?:this|my|the) (?:essay|answer|work|submission|paper|response|assignment|homework|"
            "student|text|report|project)", "me", "it",
        ],
        GIVE: [
            "give", "award", "assign", "grant", "allot", "allocate", "hand out", "score", "grade",
            "rate", "evaluate", "assess", "judge", "output", "return", "print", "respond with",
            "reply with", "answer with", "bump", "raise", "upgrade",
            "(?:treat|consider|count|classify|label|rank|mark|regard|record|enter|list) (?:this|it|"
            "me|my \\w+|the (?:essay|answer|work|submission|student)) as",
        ],
        CHOOSE: [
            "choose", "select", "pick", "use", "apply", "assign", "go with", "opt for", "tick",
            "circle", "settle on", "default to", "place", "put", "move", "set", "mark",
        ],
        TOP: [
            "full", "maximum", "max", "top", "highest", "perfect", "best", "top-tier", "flawless",
            "exemplary", "excellent", "outstanding", "100 ?%", "first-class", "most favou?rable",
        ],
        MARK: [
            "marks", "points", "scores?", "credit", "grades?", "levels?", "ratings?", "bands?",
            "tiers?", "rankings?", "evaluations?",
        ],
        "value": [
            r"an? a\+", r"a\+", "a plus", r"10 ?/ ?10", r"100 ?/ ?100", r"5 ?/ ?5", r"4 ?/ ?4",
            r"20 ?/ ?20", "100 ?% (?:marks|score|credit|of the (?:marks|points))",
            "ten out of ten", "full credit", "perfect score", "(?:level|band) (?:4|5|a)",
            "(?:as|at|with|a rating of|the level|level|band|grade) (?:excellent|exemplary|"
            "outstanding|distinction|proficient|advanced|mastery)",
        ],
        SELF: [
            "(?:this|my|the) (?:essay|answer|work|submission|response|paper|text|assignment|"
            "homework|piece|writing|report|project|entry|student's work|student's essay)",
            "(?:i|me|this student|the student|the author|the writer)",
        ],
        DESERVE: [
            "deserves?", "merits?", "warrants?", "earns?", "has earned", "is worth",
            "qualifies for", "is entitled to", "(?:should|must|needs to|has to|ought to|will) "
            "(?:get|receive|be given|be awarded|score|obtain|be marked|be graded|be rated)",
        ],
        PASSIVE: [
            "(?:should|must|can|is to|are to|needs? to|ought to|may|will|shall) (?:now )?(?:be )?"
            "(?:ignored|disregarded|set aside|skipped|overlooked|dropped|discarded|overridden|"
            "waived|bypassed|suspended|forgotten)",
            "(?:does not|doesn't|do not|don't|no longer|won't|shall not|will not) (?:apply|count|"
            "matter)",
            "(?:is|are) (?:void|invalid|suspended|cancell?ed|outdated|obsolete|replaced|waived|"
            "not valid|no longer valid|superseded)",
        ],
        LEAD: [
            "please", "pls", "kindly", "now", "just", "simply", "so", "and", "then", "also",
            "first", "instead", "hence", "therefore", "thus", "immediately",
            "you (?:must|should|will|shall|need to|have to|are to|are required to|are instructed "
            "to|can|may|ought to|are asked to)",
            "(?:i|we) (?:want|need|ask|order|instruct|command|require|request|expect|beg|urge) you "
            "to",
            "(?:be sure|make sure|remember|don't forget|do not forget) to",
            "(?:it is|it's) (?:required|necessary|important|essential|vital|crucial|expected) "
            "(?:that you|for you to|to)", "(?:i|we) (?:ask|request|insist|require) that you",
            _AI_EN + ",?", "(?:the )?" + _AI_EN + " (?:must|should|will|needs to|is to|has to)",
        ],
        ADDRESS: [
            r"(?:dear|hey|hi|hello|attention|listen|ok|okay|note to(?: the)?|message (?:to|for)"
            r"(?: the)?|memo (?:to|for)(?: the)?|reminder (?:to|for)(?: the)?|instructions? "
            r"(?:to|for)(?: the)?)[,:]? " + _AI_EN + r"(?!\w)",
            # "to the model" is also physics and statistics: only as a salutation.
            r"(?:^|(?<=[.!?\n]) ?)(?:to|for) the " + _AI_EN + r" ?[,:!]",
            r"you,? (?:the|are the) " + _AI_EN + r" ?[,:!]",
            r"if you(?: \w+){0,2} (?:are|were|'re) (?:an? )?(?:ai|a\.i\.|llm|language model|chatbot|"
            r"bot|machine|automated|robot|program|grading|model|assistant|evaluator|grader)",
            r"(?:any|the|an?) (?:ai|llm|model|automated \w+|grading \w+|language model|assistant) "
            r"(?:reading|grading|evaluating|processing|reviewing|marking|scoring) (?:this|these|my)",
            r"as an? (?:ai|language model|grader|model|assistant),? you",
        ],
        APPROVED: [
            # "has already been graded by", "was approved by": a claim; "was checked
            # by my mother" is not, so checking verbs need "already" or the like.
            r"(?:this|the|my) (?:essay|answer|work|submission|paper|assignment|homework|grade|"
            r"score|mark|text|response) (?:has|had|was|is|have|'s) (?:been )?(?:already|"
            r"previously|officially) (?:been )?(?:pre-?)?(?:approved|graded|verified|checked|"
            r"marked|reviewed|validated|cleared|confirmed|accepted|certified|signed off|scored|"
            r"assessed|evaluated|authori[sz]ed) (?:by|as|with|at|for)",
            r"(?:this|the|my) (?:essay|answer|work|submission|paper|assignment|homework|grade|"
            r"score|mark) (?:has|had|was|is|have|'s) (?:been )?(?:pre-?)?(?:approved|validated|"
            r"certified|authori[sz]ed|pre-?graded) (?:by|as|with|for)",
            r"(?:teacher|instructor|professor|tutor|lecturer|examiner|department|school|principal|"
            r"administration|moderator|head of department|ta|headteacher)(?: \w+)? (?:has |had )?"
            r"(?:already |previously )?(?:approved|confirmed|agreed|authori[sz]ed|signed off|said|"
            r"decided|promised|told (?:me|us|you)|allowed|granted|guaranteed|pre-approved|"
            r"verified|accepted|okayed|ok'd)[^.!?]{0,60}(?:full|maximum|top|highest|perfect|"
            r"a\+|10/10|100 ?%|excellent|exemplary|pass)",
            r"pre-?approved", r"approved in advance", r"already been (?:graded|approved|marked)",
        ],
        # Words every address / approval claim above contains (to run them only there).
        ADDRESS + "_key": [
            "ai", "llm", "gpt", "chat", "chatgpt", "gemini", "claude", "copilot", "language",
            "model", "chatbot", "bot", "grader", "grading", "marker", "examiner", "assessor",
            "evaluator", "assistant", "reviewer", "checker", "automated", "machine", "scoring",
            "robot", "program",
        ],
        APPROVED + "_key": [
            "approved", "graded", "verified", "checked", "marked", "reviewed", "validated",
            "cleared", "confirmed", "accepted", "certified", "signed", "scored", "assessed",
            "evaluated", "authorised", "authorized", "agreed", "said", "decided", "promised",
            "told", "allowed", "granted", "guaranteed", "okayed", "ok'd", "pre", "preapproved",
            "advance", "pregraded",
        ],
        DECODE: [
            r"(?:decode|decipher|decrypt|translate|reverse|unscramble|convert|read) [^.!?]{0,40}"
            r"(?:and|then|,) (?:\w+ ){0,2}(?:follow|obey|do (?:what|as) it says|execute|carry "
            r"(?:it )?out|act on|comply|apply|do it|run it)",
            r"(?:follow|obey|execute|carry out) (?:the )?(?:decoded|hidden|encoded|reversed|"
            r"secret|embedded) (?:instructions?|message|text|orders?|commands?)",
        ],
        ROLE: [
            "system", "developer", "admin", "administrator", "instructor", "teacher",
            "professor", "tutor", "grader", "examiner", "marker", "assistant", "moderator",
            "operator", "evaluator", "assessor", "teaching assistant", "lecturer", "user",
            "human", "ai",
        ],
        ROLE_NOTE: [
            "notes?", "message", "instructions?", "override", "comments?", "memo", "update",
            "directive", "says", "command", "prompt", "reminder", "remark",
        ],
    },
)  # fmt: skip

ES = Language(
    "es",
    True,
    {
        IGNORE: [
            "ignora", "ignore", "ignoren", "ignorad", "ignorar", "olvida", "olvide", "olviden",
            "olvidate de", "olvídese de", "no (?:tengas|tenga|tengan) en cuenta",
            "no (?:sigas|siga|sigan|apliques|aplique|apliquen|uses|use|usen|consideres|considere)",
            "pasa por alto", "pase por alto", "omite", "omita", "omitan", "descarta", "descarte",
            "desestima", "haz caso omiso (?:de|a)", "haga caso omiso (?:de|a)", "salta", "salte",
            "prescinde de", "prescinda de", "deja de lado", "deje de lado",
        ],
        RUBRIC: [
            "rúbricas?", "criterios?(?: de (?:evaluación|calificación|corrección))?",
            "instrucciones(?: anteriores| previas)?", "indicaciones(?: anteriores| previas)?",
            "(?:pautas|directrices|normas|reglas) (?:de (?:evaluación|calificación|corrección)|"
            "anteriores|previas)", "el prompt", "baremo",
            "(?:guía|pauta|plantilla) de (?:evaluación|corrección|calificación)",
        ],
        GIVE: [
            "da", "dale", "dele", "dame", "deme", "dé", "otorga", "otorgue", "otórgale", "asigna",
            "asigne", "asígnale", "pon", "ponle", "ponme", "ponga", "póngale", "concede",
            "conceda", "califica", "califique", "califícalo", "califícame", "puntúa", "puntúe",
            "evalúa", "evalúe", "marca", "marque", "elige", "elija", "selecciona", "seleccione",
            "escoge", "escoja", "dar", "otorgar", "asignar", "poner", "calificar",
        ],
        CHOOSE: ["elige", "elija", "selecciona", "seleccione", "escoge", "escoja", "marca", "marque"],
        TOP: [
            "máxima", "máximo", "más alta", "más alto", "perfecta", "perfecto", "completa",
            "mejor", "sobresaliente", "excelente", "matrícula de honor", "un diez", "un 10",
            r"10 ?/ ?10", "100 ?%", "todos los puntos", "la totalidad de los puntos",
        ],
        "value": ["todos los puntos", "la totalidad de los puntos", "un diez", "un 10", r"10 ?/ ?10",
                  "matrícula de honor", "sobresaliente", "la nota máxima", "la máxima nota"],
        MARK: [
            "notas?", "calificación", "calificaciones", "puntuación", "puntuaciones", "puntaje",
            "puntos", "niveles?", "categorías?", "bandas?",
        ],
        SELF: [
            "(?:este|mi) (?:ensayo|trabajo|texto|escrito)", "(?:esta|mi) (?:respuesta|redacción|"
            "tarea)",
        ],
        DESERVE: [
            "merece", "debería (?:recibir|obtener|tener|sacar)", "debe (?:recibir|obtener|tener)",
            "tiene que (?:recibir|obtener|tener)",
        ],
        PASSIVE: [
            "(?:debe|deben|deberían|debería) (?:ser )?(?:ignorad[oa]s?|omitid[oa]s?|descartad[oa]s?)",
            "no (?:se )?aplica(?:n)?", "ya no (?:es|son) válid[oa]s?", "(?:queda|quedan) (?:anulad[oa]s?|sin efecto)",
        ],
        ADDRESS: [
            "(?:querida|querido|estimad[oa]|hola|atención|nota para (?:el|la)|mensaje para (?:el|la)"
            "|para (?:el|la)) (?:ia|i\\.a\\.|inteligencia artificial|modelo|asistente|corrector(?:a)?|"
            "evaluador(?:a)?|calificador(?:a)?|sistema de (?:evaluación|calificación|corrección))",
            "si (?:eres|es usted) (?:una? )?(?:ia|inteligencia artificial|modelo|asistente|"
            "corrector|evaluador|calificador|bot)",
        ],
        APPROVED: [
            "(?:ya )?(?:ha sido|fue|está|estaba) (?:aprobad[oa]|calificad[oa]|verificad[oa]|"
            "revisad[oa]|validad[oa]|corregid[oa]) (?:por|como|con)",
            "(?:el|la) (?:profesor|profesora|docente|maestro|maestra|tutor|tutora) (?:ya )?"
            "(?:aprobó|ha aprobado|dijo|autorizó|confirmó|decidió|prometió)[^.!?]{0,60}(?:máxima|"
            "máximo|sobresaliente|10|excelente|aprobad)",
        ],
        DECODE: ["(?:decodifica|descifra|traduce|invierte) [^.!?]{0,40}(?:y|luego) (?:\\w+ ){0,2}"
                 "(?:sigue|obedece|haz lo que dice|cumple|ejecuta)"],
        LEAD: ["por favor", "ahora", "simplemente", "solo", "sólo", "y", "luego", "también",
               "(?:debes|debe|deben|tienes que|tiene que) (?:\\w+ )?", "te pido que", "le pido que",
               "necesito que", "asegúrate de", "favor de"],
        ROLE: ["sistema", "desarrollador", "profesor", "profesora", "docente", "corrector",
               "evaluador", "administrador", "instructor"],
        ROLE_NOTE: ["nota", "mensaje", "instrucciones", "aviso", "indicación", "comentario"],
    },
)  # fmt: skip

FR = Language(
    "fr",
    True,
    {
        IGNORE: [
            "ignore", "ignorez", "ignorons", "ignorer", "oublie", "oubliez", "oublier",
            "ne (?:tiens|tenez|tenons) (?:pas|aucun) compte", "sans tenir compte",
            "ne (?:suis|suivez|suivre|applique|appliquez|utilise|utilisez|prends|prenez) pas",
            "n'applique(?:z)? pas", "n'utilise(?:z)? pas", "fais abstraction", "faites abstraction",
            "laisse(?:z)? de côté", "passe(?:z)? outre", "écarte(?:z)?", "mets de côté",
            "mettez de côté", "ne prends pas en compte", "ne prenez pas en compte",
        ],
        RUBRIC: [
            "grilles?(?: d'(?:évaluation|notation|correction))?",
            "barèmes?", "critères?(?: d'(?:évaluation|notation|correction))?",
            "(?:consignes|instructions|directives|règles)(?: précédentes| antérieures| de "
            "(?:notation|correction|l'évaluation))?", "le prompt",
        ],
        GIVE: [
            "donne", "donnez", "donner", "donne-moi", "donnez-moi", "donne-lui", "donnez-lui",
            "attribue", "attribuez", "attribuer", "accorde", "accordez", "accorder", "mets",
            "mettez", "mettre", "note", "notez", "évalue", "évaluez", "choisis", "choisissez",
            "sélectionne", "sélectionnez", "coche", "cochez",
        ],
        CHOOSE: ["choisis", "choisissez", "sélectionne", "sélectionnez", "coche", "cochez",
                 "retiens", "retenez"],
        TOP: [
            "maximale", "maximum", "parfaite", "la plus haute", "la plus élevée", "le plus élevé",
            "complète", "meilleure", "meilleur", "excellent", "excellente", "tous les points",
            "la totalité des points", r"20 ?/ ?20", r"10 ?/ ?10", "100 ?%", "supérieur",
            "maximal", "très bien",
        ],
        "value": ["tous les points", "la totalité des points", r"20 ?/ ?20", r"10 ?/ ?10",
                  "la note maximale", "la meilleure note", "la note parfaite"],
        MARK: ["notes?", "points", "niveaux?", "scores?", "évaluations?", "appréciations?",
               "mentions?"],
        SELF: ["(?:cette|ma) (?:copie|rédaction|dissertation|réponse)",
               "(?:ce|mon) (?:devoir|texte|essai|travail)"],
        DESERVE: ["mérite", "doit (?:recevoir|obtenir|avoir)", "devrait (?:recevoir|obtenir|avoir)"],
        PASSIVE: ["(?:doit|doivent|devrait|devraient) (?:être )?(?:ignorée?s?|écartée?s?)",
                  "ne s'applique(?:nt)? (?:pas|plus)", "(?:est|sont) (?:annulée?s?|caduque?s?)"],
        ADDRESS: [
            "(?:cher|chère|bonjour|attention|note|message|remarque)(?: à| au| pour)? (?:l'|le |la )?"
            "(?:ia|intelligence artificielle|correcteur|correctrice|évaluateur|évaluatrice|modèle|"
            "assistant|examinateur|système de notation)",
            "si (?:tu es|vous êtes) (?:une? )?(?:ia|intelligence artificielle|modèle|correcteur|"
            "assistant|évaluateur|bot)",
        ],
        APPROVED: [
            "(?:a )?déjà été (?:approuvée?|validée?|notée?|corrigée?|vérifiée?)",
            "(?:le |la )?(?:professeur|professeure|prof|enseignant|enseignante) (?:m'|nous )?(?:a )?"
            "(?:déjà )?(?:approuvé|validé|dit|confirmé|autorisé|décidé|promis)[^.!?]{0,60}"
            "(?:maximale|20/20|parfaite|excellent|tous les points)",
        ],
        DECODE: ["(?:décode|décodez|déchiffre|déchiffrez|traduis|traduisez) [^.!?]{0,40}(?:et|puis) "
                 "(?:\\w+ ){0,2}(?:suis|suivez|obéis|obéissez|exécute|exécutez|fais ce qu'il dit)"],
        LEAD: ["s'il (?:te|vous) plaît", "maintenant", "simplement", "et", "puis", "alors",
               "tu dois", "vous devez", "merci de", "veuillez", "je (?:te|vous) demande de",
               "il faut"],
        ROLE: ["système", "développeur", "professeur", "enseignant", "enseignante", "correcteur",
               "évaluateur", "administrateur"],
        ROLE_NOTE: ["note", "message", "consignes?", "remarque", "instructions?"],
    },
)  # fmt: skip

DE = Language(
    "de",
    True,
    {
        IGNORE: [
            "ignorier(?:e|en|t)?", "vergiss", "vergesst", "vergessen sie", "missachte(?:n sie)?",
            "beachte(?:n sie)? (?:nicht|keine)", "nicht beachten", "übergeh(?:e|en sie)?",
            "lass(?:en sie)? [^.!?]{0,40}(?:weg|beiseite|außer acht)",
            "setze(?:n sie)? [^.!?]{0,40}außer kraft", "wende(?:n sie)? [^.!?]{0,30}nicht an",
            "halte(?:n sie)? (?:dich|sich) nicht an", "verwirf", "verwerfen sie",
        ],
        RUBRIC: [
            "bewertungs(?:raster|schema|kriterien|bogen|richtlinien|matrix|anweisungen|maßstab|"
            "regeln|vorgaben)", "kriterien", "anweisungen", "anleitung", "vorgaben", "richtlinien",
            "rubrik", "instruktionen", "prompt", "systemanweisung", "notenschlüssel",
            "erwartungshorizont",
        ],
        GIVE: [
            "gib", "gebt", "geben sie", "vergib", "vergebt", "vergeben sie", "erteile",
            "erteilen sie", "bewerte", "bewerten sie", "benote", "benoten sie", "setze",
            "setzen sie", "trage", "tragen sie", "wähle", "wählen sie", "nimm", "nehmen sie",
        ],
        CHOOSE: ["wähle", "wählen sie", "wählt", "nimm", "nehmen sie", "kreuze", "markiere"],
        TOP: [
            "volle", "höchste", "maximale", "beste", "perfekte", "alle", "die bestnote",
            "bestnote", "höchstpunktzahl", "note 1", "eine 1", "eins plus", r"1\+", "sehr gut",
            "15 punkte", "100 ?%", r"10 ?/ ?10", "höchststufe", "volle punktzahl",
        ],
        "value": ["die bestnote", "bestnote", "volle punktzahl", "höchstpunktzahl", "note 1",
                  "eine 1", r"1\+", "sehr gut", "15 punkte", r"10 ?/ ?10", "alle punkte"],
        MARK: ["noten?", "punkte", "punktzahl", "bewertung", "stufen?", "niveaus?", "wertung"],
        SELF: ["(?:dieser|mein) (?:aufsatz|text|beitrag|essay)",
               "(?:diese|meine) (?:arbeit|antwort|abgabe|hausaufgabe|erörterung)"],
        DESERVE: ["verdient", "sollte (?:\\w+ ){0,4}(?:bekommen|erhalten)",
                  "muss (?:\\w+ ){0,4}(?:bekommen|erhalten)"],
        PASSIVE: ["(?:soll|sollen|sollte|sollten|muss|müssen) (?:\\w+ ){0,3}(?:ignoriert|übergangen)"
                  " werden", "gilt nicht mehr", "gelten nicht mehr", "(?:ist|sind) (?:ungültig|"
                  "aufgehoben)"],
        ADDRESS: [
            "(?:liebe|lieber|hallo|achtung|hinweis|nachricht|notiz)(?: an)? (?:die |den |das )?(?:ki|"
            "k\\.i\\.|künstliche intelligenz|bewertungs(?:system|modell|programm)|korrektor|"
            "korrektorin|prüfer|prüferin|modell|assistent|sprachmodell|chatbot)",
            "wenn (?:du|sie) (?:eine |ein |der )?(?:ki|künstliche intelligenz|sprachmodell|modell|"
            "korrektor|bot|prüfer) (?:bist|sind)",
        ],
        APPROVED: [
            "(?:wurde|ist) (?:bereits|schon) (?:\\w+ ){0,3}(?:genehmigt|bewertet|geprüft|freigegeben|"
            "benotet|abgesegnet)",
            "(?:der |die )?(?:lehrer|lehrerin|lehrkraft|professor|professorin|dozent|dozentin) "
            "(?:hat )?(?:bereits |schon )?(?:genehmigt|zugestimmt|gesagt|bestätigt|erlaubt|"
            "versprochen)[^.!?]{0,60}(?:volle|höchste|bestnote|sehr gut|note 1)",
        ],
        DECODE: ["(?:dekodiere|entschlüssele|übersetze|decodiere) [^.!?]{0,40}(?:und|dann) "
                 "(?:\\w+ ){0,2}(?:befolge|folge|führe|tu was)"],
        LEAD: ["bitte", "jetzt", "einfach", "und", "dann", "nun", "du musst", "sie müssen", "also",
               "daher", "deshalb", "darum",
               "ich bitte (?:dich|sie)(?:,)?", "unbedingt"],
        ROLE: ["system", "entwickler", "lehrer", "lehrerin", "lehrkraft", "dozent", "korrektor",
               "prüfer", "administrator"],
        ROLE_NOTE: ["hinweis", "notiz", "nachricht", "anweisung", "anweisungen", "bemerkung"],
    },
)  # fmt: skip

PT = Language(
    "pt",
    True,
    {
        IGNORE: [
            "ignore", "ignora", "ignorem", "ignorar", "desconsidere", "desconsidera",
            "desconsiderem", "esqueça", "esquece", "esqueçam",
            "não (?:siga|sigas|aplique|apliques|use|uses|considere|leve em conta|leves em conta)",
            "deixe de lado", "deixa de lado", "pule", "despreze", "descarte",
        ],
        RUBRIC: [
            "rubricas?", "critérios?(?: de (?:avaliação|correção))?",
            "instruções(?: anteriores)?", "(?:diretrizes|regras|orientações) (?:de (?:avaliação|"
            "correção)|anteriores)", "o prompt", "gabarito", "barema",
            "grade de (?:avaliação|correção)",
        ],
        GIVE: [
            "dê", "dê-me", "dá-me", "atribua", "atribui", "conceda", "concede", "coloque", "ponha",
            "avalie", "marque", "escolha", "selecione", "dar", "atribuir",
        ],
        CHOOSE: ["escolha", "selecione", "marque", "opte por"],
        TOP: [
            "máxima", "máximo", "mais alta", "mais alto", "perfeita", "total", "completa",
            "excelente", "nota 10", "nota dez", r"10 ?/ ?10", "100 ?%", "todos os pontos",
            "melhor",
        ],
        "value": ["nota 10", "nota dez", r"10 ?/ ?10", "todos os pontos", "pontuação total",
                  "nota máxima"],
        MARK: ["notas?", "pontuação", "pontos", "níveis?", "nível", "conceitos?", "categorias?"],
        SELF: ["(?:este|meu) (?:ensaio|trabalho|texto)", "(?:esta|minha) (?:resposta|redação|tarefa)"],
        DESERVE: ["merece", "deve (?:receber|ganhar|tirar|ter)", "deveria (?:receber|ganhar|tirar|ter)"],
        PASSIVE: ["(?:deve|devem) (?:ser )?(?:ignorad[oa]s?|desconsiderad[oa]s?)",
                  "não (?:se )?aplica(?:m)?"],
        ADDRESS: [
            "(?:querida|querido|caro|cara|olá|atenção|nota para (?:a|o)|mensagem para (?:a|o)|para "
            "(?:a|o)) (?:ia|i\\.a\\.|inteligência artificial|modelo|assistente|corretor(?:a)?|"
            "avaliador(?:a)?|sistema de (?:avaliação|correção))",
            "se (?:você é|você for|és|tu és) (?:uma? )?(?:ia|inteligência artificial|modelo|"
            "assistente|corretor|avaliador|bot)",
        ],
        APPROVED: [
            "(?:já )?(?:foi|está) (?:aprovad[oa]|corrigid[oa]|avaliad[oa]|verificad[oa]|"
            "validad[oa]) (?:pel[oa]|com|como)",
            "(?:o |a )?(?:professor|professora) (?:já )?(?:aprovou|disse|autorizou|confirmou|"
            "prometeu|decidiu)[^.!?]{0,60}(?:máxima|10|dez|excelente)",
        ],
        DECODE: ["(?:decodifique|decifre|traduza|inverta) [^.!?]{0,40}(?:e|depois) (?:\\w+ ){0,2}"
                 "(?:siga|obedeça|faça o que diz|cumpra|execute)"],
        LEAD: ["por favor", "agora", "simplesmente", "apenas", "e", "depois", "você deve",
               "deves", "peço que", "é necessário"],
        ROLE: ["sistema", "desenvolvedor", "professor", "professora", "corretor", "avaliador",
               "administrador"],
        ROLE_NOTE: ["nota", "mensagem", "instruções", "aviso", "observação"],
    },
)  # fmt: skip

IT = Language(
    "it",
    True,
    {
        IGNORE: [
            "ignora", "ignorate", "ignorare", "ignori", "dimentica", "dimenticate", "dimenticare",
            "non (?:seguire|applicare|considerare|tenere conto|usare|segui|applica|usa)",
            "non tenete conto", "non considerate", "tralascia", "tralasciate", "trascura",
            "trascurate", "scarta", "scartate", "lascia perdere", "lasciate perdere", "salta",
            "saltate", "metti da parte", "mettete da parte",
        ],
        RUBRIC: [
            "rubriche?", "griglia(?: di (?:valutazione|correzione))?",
            "criteri(?: di (?:valutazione|correzione))?",
            "(?:istruzioni|indicazioni|consegne|regole|linee guida)(?: precedenti| di "
            "(?:valutazione|correzione))?", "il prompt",
        ],
        GIVE: [
            "dai", "dammi", "dagli", "date", "dare", "assegna", "assegnate", "assegnare",
            "assegnagli", "assegnami", "attribuisci", "attribuite", "attribuire", "metti",
            "mettimi", "mettigli", "mettete", "concedi", "valuta", "valutate", "scegli",
            "scegliete", "seleziona", "selezionate", "segna",
        ],
        CHOOSE: ["scegli", "scegliete", "seleziona", "selezionate", "segna"],
        TOP: [
            "massimo", "massima", "pieno", "più alto", "più alta", "perfetto", "eccellente",
            "ottimo", r"10 ?/ ?10", "30 e lode", "100 ?%", "dieci", "tutti i punti",
            "il massimo dei voti", "migliore",
        ],
        "value": [r"10 ?/ ?10", "30 e lode", "tutti i punti", "il massimo dei voti", "dieci",
                  "voto massimo", "punteggio pieno"],
        MARK: ["vot[oi]", "punteggi[oi]", "valutazion[ei]", "livell[oi]", "punti", "giudizio"],
        SELF: ["(?:questo|il mio) (?:tema|saggio|testo|elaborato|compito|lavoro)",
               "(?:questa|la mia) (?:risposta|relazione)"],
        DESERVE: ["merita", "dovrebbe (?:ricevere|avere|ottenere|prendere)",
                  "deve (?:ricevere|avere|ottenere|prendere)"],
        PASSIVE: ["(?:deve|devono) (?:essere )?(?:ignorat[oaie]|trascurat[oaie])",
                  "non (?:si )?applica(?:no)?", "non (?:vale|valgono) più"],
        ADDRESS: [
            "(?:cara|caro|ciao|attenzione|nota per|messaggio per|per)(?: il| la| l')? ?(?:ia|i\\.a\\.|"
            "intelligenza artificiale|modello|assistente|correttore|correttrice|valutatore|"
            "valutatrice|sistema di valutazione)",
            "se (?:sei|lei è) (?:un'|una |un )?(?:ia|intelligenza artificiale|modello|assistente|"
            "correttore|valutatore|bot)",
        ],
        APPROVED: [
            "(?:è|e) (?:già )?stat[oa] (?:approvat[oa]|valutat[oa]|corrett[oa]|verificat[oa]) "
            "(?:dal|dalla|come|con)",
            "(?:il |la )?(?:professore|professoressa|docente|insegnante|prof) (?:mi |ci )?(?:ha )?"
            "(?:già )?(?:approvato|detto|autorizzato|confermato|promesso|deciso)[^.!?]{0,60}"
            "(?:massimo|10|dieci|eccellente|lode)",
        ],
        DECODE: ["(?:decodifica|decifra|traduci|inverti) [^.!?]{0,40}(?:e|poi) (?:\\w+ ){0,2}"
                 "(?:segui|obbedisci|fai quello che dice|esegui)"],
        LEAD: ["per favore", "per piacere", "ora", "adesso", "semplicemente", "e", "poi", "devi",
               "dovete", "ti chiedo di", "vi chiedo di", "si prega di"],
        ROLE: ["sistema", "sviluppatore", "professore", "professoressa", "docente", "insegnante",
               "correttore", "valutatore", "amministratore"],
        ROLE_NOTE: ["nota", "messaggio", "istruzioni", "avviso", "osservazione"],
    },
)  # fmt: skip

LATIN = [EN, ES, FR, DE, PT, IT]
