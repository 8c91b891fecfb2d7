"""Word lists for attribution: channels, outlets, unnamed sources, titles.

Kept as plain frozensets so every rule that uses them can be read and tested on its own. The
cue verbs are in the one reporting-verb lexicon (:mod:`dateline.nlp.reporting`).

>>> "statement" in CHANNEL_NOUNS and "reuters" in OUTLET_WORDS
True
"""

from __future__ import annotations

#: Nouns naming the medium of a statement (``in a statement``, ``on Telegram``).
CHANNEL_NOUNS = frozenset(
    """statement post address speech interview tweet video message conference briefing
    letter op-ed column blog podcast broadcast television tv radio network channel
    telegram twitter x facebook instagram vkontakte youtube tiktok website site media
    communique email e-mail remarks comments testimony hearing rally call memo appearance
    programme program show broadcaster platform account page newsletter release
    announcement transcript""".split()
)

#: Prepositions that introduce a channel.
CHANNEL_PREPS = frozenset("in on at during via through over to".split())

#: Recipients that make ``told X`` a channel (``told reporters``).
AUDIENCE_NOUNS = frozenset(
    """reporters journalists press media lawmakers parliament audience crowd supporters
    students delegates congress senators voters""".split()
)

#: Words that mark a name as a news outlet.
OUTLET_WORDS = frozenset(
    """times post news agency newspaper journal tribune herald guardian telegraph gazette
    reuters ap afp tass interfax ria cnn bbc msnbc nbc abc cbs fox npr politico axios
    bloomberg breitbart huffpost huffington xinhua yonhap kyodo dpa ansa efe bild spiegel
    monde figaro izvestia kommersant vedomosti novaya gazeta meduza rbc pravda aljazeera
    jazeera sky channel magazine daily weekly wire broadcaster outlet tabloid""".split()
)

#: Heads of unnamed sources (``officials said``, ``a source said``, ``Western reports``).
SOURCE_NOUNS = frozenset(
    """official officials source sources report reports analyst analysts expert experts
    witness witnesses resident residents observer observers diplomat diplomats insider
    insiders person people aide aides critic critics activist activists commentator
    commentators investigator investigators authorities authority militant militants
    rebel rebels soldier soldiers medic medics doctor doctors worker workers""".split()
)

#: Role nouns that can name a speaker already introduced (``the president said``).
ROLE_NOUNS = frozenset(
    """president minister spokesperson spokesman spokeswoman secretary chancellor premier
    leader chief governor mayor senator congressman congresswoman representative
    ambassador envoy general commander director chairman chairwoman chair head ceo founder
    prosecutor judge candidate nominee adviser advisor aide deputy lawmaker king queen
    prince pope manager coach captain officer sheriff attorney lawyer mp
    negotiator foreign""".split()
)

#: Titles written before a name (``President Vladimir Putin``).
TITLES = frozenset(
    """president prime minister chancellor secretary senator sen. rep. representative
    governor gov. mayor general gen. ambassador judge justice king queen prince princess
    pope chairman chairwoman spokesperson spokesman spokeswoman director ceo dr. mr. mrs.
    ms. lt. col. adm. colonel admiral commander""".split()
)

FEMALE_WORDS = frozenset(
    """she her hers herself ms. ms mrs. mrs miss madam spokeswoman chairwoman congresswoman
    queen princess mother daughter wife sister woman businesswoman""".split()
)
MALE_WORDS = frozenset(
    """he him his himself mr. mr sir spokesman chairman congressman king prince father son
    husband brother man businessman""".split()
)

#: A short list of common first names, only to break ties between he and she.
FEMALE_NAMES = frozenset(
    """hillary maria anna olga elena natalia tatiana svetlana irina yulia julia angela
    theresa ursula kamala nancy elizabeth mary sarah jennifer jill michelle melania ivanka
    marine giorgia jacinda liz kate emma sophie laura susan karen linda patricia barbara
    margaret catherine christine kristalina marta maya zelda nikki amy elise ilhan
    alexandria gennifer kellyanne sheryl""".split()
)
MALE_NAMES = frozenset(
    """vladimir dmitry sergei sergey volodymyr donald joe barack george bill john james
    robert michael david william richard thomas mark paul peter andrew emmanuel olaf boris
    rishi keir xi recep benjamin antony jake lloyd mike mitt ted bernie chris tim ron
    alexei alexander oleksandr andriy mykhailo yevgeny ramzan nikolai viktor igor ivan
    maxim pavel rodrigo jair narendra shinzo fumio kim moon yoon""".split()
)
