"""Function words that carry no evidence of reuse on their own.

They are left out of window sketches and of the word matches the aligner seeds on (a shared
"في" or "the" says nothing), but they stay in the spans and in the similarity. The lists are short
and fixed. Forms are written naturally and normalised on load, so they follow
:mod:`reuse.normalize`'s rules (``إلى`` and ``الى`` are the same entry, ``für`` is ``fur``).

Arabic's and English's are every document's. A document more of whose words are another language's
function words (French, German, Spanish, Italian, Portuguese, Dutch, Turkish, Russian, Indonesian,
Persian, Urdu) gets that language's too (:mod:`reuse.prepare` counts them): one language's function
word is another's content word ("war", "car", "son", "door"), so English text keeps them as evidence.
Without them, two unrelated German pages share windows of "der", "und", "ist", "nicht": on 173 real
web pages, mostly German and French, 459 of the 464 document pairs the candidate stage kept had
nothing to align, and alignment cost 5 ms a page instead of 0.9 (``benchmarks/real_pages.py``).
"""

from __future__ import annotations

from functools import cache

_ARABIC = """
في من على إلى الى عن أن ان إن إنه انه أنه هذا هذه هذان ذلك تلك التي الذي الذين اللذين اللتين اللواتي
و ف ب ل ك ما لا لم لن قد كان كانت كانوا يكون تكون مع كل بين بعد قبل عند عندما حتى أو او أم ثم هو هي
هم هما هن نحن أنا انا أنت انت أنتم له لها لهم لنا لي به بها بهم فيه فيها فيهم منه منها منهم عليه عليها
عليهم إليه اليه إليها إليهم كما أي غير بعض ومن وفي وعلى وإلى وعن وأن وان وإن وهو وهي وهم ولا ولم ولن وقد
وكان وكانت ومع وكل وبين وبعد وقبل وعند وحتى وما ولكن لكن لقد حيث منذ خلال ضد نحو دون أمام فقط جدا عبر
لدى إذا اذا إذ لو أيضا ايضا هناك هنا ذات ذو يا أما بل قال وقال قالت وقالت أكثر اكثر أقل كذلك لذلك التى
الا إلا أحد احد سوف سيكون مثل وأيضا ثلاثة اثنين أول اول آخر اخر عام حول لأن لان فإن فان وذلك هذا بأن بان
"""

_ENGLISH = """
a an the and or but if then else of to in on at by for with from as into onto about over under than
is are was were be been being am do does did done have has had having it its it's this that these those
i me my we our us you your he him his she her they them their what which who whom whose when where why
how not no nor so too very can could will would shall should may might must also just only both each
few more most other some such own same all any there here up down out off again further once s t
said says mr mrs ms one two new
"""

_FRENCH = """
le la les l un une des du de d au aux et ou mais donc or ni car à en dans sur sous par pour avec
sans chez vers entre contre depuis pendant avant après selon lors est sont était étaient être été
sera seront serait a ont avait avaient avoir eu aura fait peut peuvent pourrait doit je j tu il elle
on nous vous ils elles me m te t se s moi toi lui leur leurs eux mon ma mes ton ta tes son sa ses
notre nos votre vos ce c cet cette ces ceci cela ça celui celle ceux celles qui que qu quoi dont où
lequel laquelle lesquels ne n pas plus non aussi très bien tout tous toute toutes si comme quand
lorsque puis alors déjà encore y même autre autres ainsi dit
"""

_GERMAN = """
der die das den dem des ein eine einer eines einem einen und oder aber denn sondern doch in im ins
an am ans auf aus bei beim mit nach von vom zu zum zur über unter vor hinter neben zwischen durch
für gegen ohne um bis seit während wegen ist sind war waren bin bist sein seid wird werden wurde
wurden worden hat haben hatte hatten habe hätte wäre kann können konnte muss müssen musste soll
sollen sollte will wollen wollte darf mag möchte ich du er sie es wir ihr man mich mir dich dir ihn
ihm ihnen uns euch sich mein meine meinen meinem meiner seine seinen seinem seiner ihre ihren ihrem
ihrer unser unsere dein deine dieser diese dieses diesen diesem jener jene welche welcher welches
welchen nicht kein keine keinen keinem keiner auch noch schon nur sehr so wie als wenn dass daß ob
weil da dann hier dort was wer wo wann warum alle alles allem viel viele mehr etwa bereits sowie
zwar jedoch nun sagte sagt
"""

_SPANISH = """
el la los las lo un una unos unas y e o u pero sino ni que de del a al en con por para sin sobre
entre hasta desde hacia contra según durante tras ante bajo es son era eran fue fueron ser sido
está están estaba estar ha han había habían haber hay puede pueden debe yo tú él ella ello nosotros
nosotras vosotros ellos ellas usted ustedes me te se nos os le les mí ti sí mi mis tu tus su sus
nuestro nuestra nuestros nuestras este esta estos estas ese esa esos esas esto eso aquel aquella
qué quién quien cual cuál cuales cuando donde como cuyo cuya no muy más también ya aún todo toda
todos todas otro otra otros otras mismo misma así si pues porque aunque dijo
"""

_ITALIAN = """
il lo la i gli le l un uno una e ed o ma però né che di del dello della dei degli delle a al allo
alla ai agli alle da dal dallo dalla dai dagli dalle in nel nello nella nei negli nelle con su sul
sullo sulla sui sugli sulle per tra fra senza sotto sopra verso contro durante dopo prima secondo è
sono era erano essere stato stata stati fu ha hanno aveva avevano avere può possono deve io tu lui
lei egli noi voi loro mi ti si ci vi ne me te se sé mio mia miei mie tuo tua suo sua suoi sue
nostro nostra nostri vostro vostra questo questa questi queste quello quella quelli quelle ciò chi
cui quale quali quando dove come perché non più molto anche già ancora tutto tutta tutti tutte
altro altra altri altre stesso così poi solo detto
"""

_PORTUGUESE = """
o a os as um uma uns umas e ou mas nem que de do da dos das em no na nos nas por pelo pela pelos
pelas para com sem sobre entre até desde contra segundo durante após ante é são era eram foi foram
ser sido está estão estava estar tem têm tinha ter há havia pode podem deve eu tu ele ela nós vós
eles elas você vocês me te se lhe lhes mim si meu minha meus minhas seu sua seus suas nosso nossa
nossos nossas este esta estes estas esse essa esses essas isto isso aquele aquela aquilo qual
quais quem quando onde como cujo cuja não muito mais também já ainda todo toda todos todas outro
outra outros outras mesmo mesma assim porque pois embora disse
"""

_DUTCH = """
de het een en of maar want dus noch in op aan bij met van voor naar uit over onder tussen door
tegen zonder tot sinds om na is zijn was waren ben bent wordt worden werd werden geweest heeft
hebben had hadden kan kunnen kon moet moeten zal zullen zou zouden wil willen mag ik jij je hij zij
ze wij we jullie u men me mij hem haar ons hun zich mijn onze jouw uw deze dit die dat welke wie
wat waar wanneer waarom hoe niet geen ook nog al zeer zo als dan hier daar er alle alles veel meer
zei
"""

_TURKISH = """
ve veya ya da de ki ile için gibi kadar göre karşı sonra önce beri bir bu şu o bunlar şunlar
onlar ben sen biz siz bunu bunun buna şunu onu onun ona bana sana bize size ne mi mı mu mü değil
var yok daha çok en her tüm bütün bazı hiç ama fakat ancak çünkü eğer hem yani ayrıca artık olan
olarak olduğu oldu olmak olup ise idi dedi
"""

_RUSSIAN = """
и в во не на что с со по как это к ко из у за о об от для но так же то все всё он она оно они мы вы
я ты его её ее их им ему ей был была было были быть бы ли только ещё еще уже при до после над под
между или если когда где который которая которое которые этот эта это эти тот та те свой своя свои
также может будет есть нет очень более чем даже сказал сказала заявил
"""

_INDONESIAN = """
yang dan di ke dari ini itu dengan untuk pada adalah dalam tidak akan juga atau oleh sebagai bahwa
karena ada telah sudah mereka kami kita saya ia dia tersebut bisa dapat lebih saat para secara
antara hingga setelah masih namun tetapi jika bagi tak serta kata menurut seperti sangat
"""

_PERSIAN = """
و در به از که این آن را با برای تا بر هم نیز یا اما ولی اگر چه چون زیرا پس سپس هر همه همین همان
دیگر یک یکی بی بین پیش بعد روی زیر درباره توسط طی حتی هیچ چند چنین چنان آیا نه من تو او وی ما شما
آنها آنان ایشان اینها خود خویش است هست هستند نیست نیستند بود بودند باشد باشند شد شده شدند شود
شوند می نمی کرد کرده کردند کند کنند کنیم داشت دارد دارند داشته خواهد خواهند باید ها های ای گفت
گفته
"""

_URDU = """
کے کی کا میں ہے ہیں اور سے کو نے پر یہ وہ بھی تھا تھی تھے ایک کہ جو کر کیا گیا گئی گئے ہو ہوا
ہوئی ہوئے ہونے اس ان انہوں جس جن تک لیے لئے کچھ ساتھ نہیں نہ جب تو ہی یا لیکن مگر اگر کیونکہ
بعد پہلے اپنے اپنی اپنا ہم آپ تم وہاں یہاں رہا رہی رہے سکتا سکتی سکتے والے والی والا گا گی گے
کہا
"""

LANGUAGES = ("ar", "en", "fr", "de", "es", "it", "pt", "nl", "tr", "ru", "id", "fa", "ur")
"""Languages with a stop list, every document's first (ties go to them: an English or Arabic
document is prepared exactly as before other languages had lists)."""
EVERY_DOCUMENTS = ("ar", "en")
"""Languages whose function words are no evidence in any document."""
_LISTS = {
    "ar": _ARABIC,
    "en": _ENGLISH,
    "fr": _FRENCH,
    "de": _GERMAN,
    "es": _SPANISH,
    "it": _ITALIAN,
    "pt": _PORTUGUESE,
    "nl": _DUTCH,
    "tr": _TURKISH,
    "ru": _RUSSIAN,
    "id": _INDONESIAN,
    "fa": _PERSIAN,
    "ur": _URDU,
}


@cache
def stopword_lists() -> dict[str, frozenset[str]]:
    """Each language's normalised stop words, in :data:`LANGUAGES` order.

    >>> lists = stopword_lists()
    >>> "fur" in lists["de"], "fur" in lists["en"], "war" in lists["de"], "war" in lists["en"]
    (True, False, True, False)
    """
    from reuse.normalize import normalize

    # One normalisation a list: it works character by character and keeps line ends, so the lines
    # of the normalised list are the normalised words.
    return {
        language: frozenset(normalize("\n".join(_LISTS[language].split())).text.split("\n"))
        for language in LANGUAGES
    }


@cache
def stopwords() -> frozenset[str]:
    """The normalised stop words of every document: Arabic's and English's.

    >>> "الي" in stopwords() and "the" in stopwords() and "und" not in stopwords()
    True
    """
    lists = stopword_lists()
    return frozenset().union(*(lists[language] for language in EVERY_DOCUMENTS))
