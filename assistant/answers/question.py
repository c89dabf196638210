"""Reading a user's question: redaction, what to search for, and what kind of question it is."""
from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.conversations.redaction import PLACEHOLDERS, redact

MARKUP = re.compile(r"<[^>]{0,500}>")
ACTIVE_CONTENT = re.compile(r"<(script|style|iframe|object|embed)\b.*?(?:</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
# Text that tries to instruct the assistant is not part of the question.
INJECTION_BLOCK = re.compile(r"#{2,}.*?#{2,}", re.DOTALL)
INJECTION_SENTENCE = re.compile(
    r"(?i)\b(?:instructie|instruction|system prompt|negeer|ignore (?:all|previous)|vergeet (?:alle|je)|"
    r"verzin|zonder bronvermelding|zonder bronnen|you are now|je bent nu)\b[^.?!]*[.?!]?"
)
ABUSE = re.compile(
    r"(?i)\b(?:kut|klote|kanker|tering|tyfus|fuck(?:ing)?|shit|kloten|debiel(?:e)?|idioot|idiote|lul|sukkels?|"
    r"stomme?|waardeloze?|kk|godverdomme|bot)\b"
)
PERSONAL_INFO_REQUEST = re.compile(
    r"(?i)\b(?:(?:privé|prive|thuis|woon)[- ]?adres|adres van|(?:mobiele?|privé|prive)[- ]?(?:telefoon)?nummer|"
    r"telefoonnummer van|e-?mail(?:adres)? van|bsn van|home address|phone number of)\b"
)
ENTITLEMENT = re.compile(
    r"(?i)\b(?:(?:heb|hebben) (?:ik|wij|we|mijn \w+)\b.{0,40}\brecht op|kom(?:en)? (?:ik|wij|we)\b.{0,30}\bin aanmerking|"
    r"krijg ik (?:een|het|de|recht)|(?:kan|mag) ik\b.{0,40}\b(?:krijgen|aanvragen|vergoed)|"
    r"am i entitled|can i get|do i qualify)\b"
)
ENGLISH_WORDS = {
    "the", "what", "how", "which", "who", "when", "is", "are", "do", "does", "can", "for", "of", "and", "with",
    "municipality", "municipalities", "my", "long", "much", "many", "there", "in", "to", "i",
}
DUTCH_WORDS = {"de", "het", "een", "wat", "hoe", "welke", "wie", "is", "zijn", "ik", "mijn", "en", "van", "voor", "met", "er", "bij", "op", "moet", "kan"}
# An order to compose a text ("Schrijf een brief ...", "Help me een brief ... te schrijven"), at the
# start of a sentence: the assistant quotes sources, it writes nothing of its own.
WRITING_REQUEST = re.compile(
    r"(?i)(?:^|[.!?]\s+)(?:(?:schrijf|verzin|bedenk|formuleer|write|compose|draft)\s+(?:een|mij|me|voor|a|an)\b|"
    r"help\s+(?:me|mij)\s+(?:met\s+)?(?:een|de|het)\s+[^.?!]{0,120}?\bte\s+schrijven\b|"
    r"help\s+me\s+(?:to\s+)?write\b)"
)
FOLLOW_UP = re.compile(r"(?i)^\s*(?:en|maar|ook|dan|wat als|en als|en bij|en voor|and|what if|what about|hoe zit het met)\b")


@dataclass(frozen=True)
class Question:
    text: str  # redacted, cleaned of markup: what is stored and shown back
    search_text: str  # what retrieval uses: no instructions, abuse or placeholders
    personal_data: tuple[str, ...]  # kinds of personal data that were removed
    injection: bool
    english: bool
    entitlement: bool
    personal_info_request: bool
    follow_up: bool
    writing_request: bool = False
    compared: tuple[str, ...] = ()  # gemeenten with loaded rules asked about (two or more: a comparison)

    @property
    def refusable(self) -> bool:
        """Nothing left to answer: only markup, abuse or placeholders."""
        return len(re.findall(r"[^\W\d_]{2,}", self.search_text)) == 0


def clean_query(text: str) -> str:
    """Markup is never a search term: active content and tags are removed, whitespace collapsed."""
    return re.sub(r"\s+", " ", MARKUP.sub(" ", ACTIVE_CONTENT.sub(" ", text))).strip()


def is_english(text: str) -> bool:
    words = re.findall(r"[a-zA-Z']+", text.lower())
    return sum(w in ENGLISH_WORDS for w in words) > sum(w in DUTCH_WORDS for w in words) + 1


# Words that point back, among them "er" + preposition ("ernaar", "erin") as "daar" + one does.
REFERRING = re.compile(r"(?i)\b(?:dat|dit|die|deze|het|ze|hem|daar\w*|hier\w*|zij|hij|it|that|this|there|"
                       r"er(?:aan|bij|door|in|mee|naar|om|onder|op|over|tegen|toe|uit|van|voor))\b")


def is_follow_up(search: str) -> bool:
    """"en als ik verhuis?", "hoe zit dat in Tubbergen?", "moet ik daarmee betalen?": it may lean
    on what came before. Such a question is also read on its own; `answering` chooses between the
    two readings, so a question with its own topic still stands alone."""
    return bool(FOLLOW_UP.match(search) or REFERRING.search(search))


def asking_part(text: str) -> str:
    """The sentences that ask (end in a question mark), without the ones that only tell the
    situation ("Ik woon in Gieten en werk 4 dagen per week. Kan ik ...?"); the whole text when
    no sentence ends in one. What kind of answer is wanted is read from this part: a place or
    rate told as background is not what is asked about."""
    sentences = re.split(r"(?<=[.?!])\s+", text.strip())
    asking = [s for s in sentences if s.rstrip().endswith("?")]
    return " ".join(asking) if asking and len(asking) < len(sentences) else text


def read_question(raw: str) -> Question:
    redacted = redact(raw)
    text = clean_query(redacted.text)
    search = INJECTION_BLOCK.sub(" ", text)
    injection = search != text or bool(INJECTION_SENTENCE.search(search))
    search = INJECTION_SENTENCE.sub(" ", search)
    search = ABUSE.sub(" ", search)
    for placeholder in PLACEHOLDERS.values():
        search = search.replace(placeholder, " ")
    asking = search  # still with "telefoonnummer van ...", which the search below does without
    search = re.sub(r"(?i)\b(?:mijn )?(?:bsn|burgerservicenummer|iban|telefoonnummer|e-mailadres)\b:?", " ", search)
    search = re.sub(r"\s+", " ", search).strip(" ,.;")
    english = is_english(search)
    return Question(
        text=text,
        search_text=search,
        personal_data=redacted.kinds,
        injection=injection,
        english=english,
        entitlement=bool(ENTITLEMENT.search(search)),
        personal_info_request=bool(PERSONAL_INFO_REQUEST.search(asking)),
        follow_up=is_follow_up(search),
        writing_request=bool(WRITING_REQUEST.search(text)),
    )
