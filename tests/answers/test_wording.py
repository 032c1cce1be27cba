"""Normalisation: umlaut spellings, inflection, compounds, typos, synonyms and filler words."""

from __future__ import annotations

from core.answers.matcher import Matcher
from core.answers.terms import Source, Vocabulary, fold, words


def keys(matcher: Matcher, text: str, compounds: bool = True) -> list[str]:
    return [term.key for term in matcher.analyse(text, compounds=compounds)]


def test_fold_spells_out_umlauts_and_sharp_s() -> None:
    assert fold("Erzähl, Größe, Übung") == "erzaehl, groesse, uebung"
    assert words("Sozialpädagogik & Soziale-Arbeit!") == ["sozialpaedagogik", "soziale", "arbeit"]


def test_umlaut_spellings_meet(matcher: Matcher) -> None:
    assert keys(matcher, "Erzähl davon") == keys(matcher, "erzaehl davon")
    assert keys(matcher, "Sozialpädagogik") == keys(matcher, "Sozialpaedagogik")


def test_inflected_forms_meet(matcher: Matcher) -> None:
    assert keys(matcher, "Podcasts") == keys(matcher, "Podcast")
    assert keys(matcher, "Ehrenamtliche") == keys(matcher, "ehrenamtlich")
    assert keys(matcher, "Barcamps") == keys(matcher, "barcamp")


def test_synonyms_from_content_meet(matcher: Matcher) -> None:
    assert keys(matcher, "Insta") == keys(matcher, "Instagram")
    assert keys(matcher, "Freiwillige") == keys(matcher, "volunteers")
    assert keys(matcher, "kontakte knüpfen") == keys(matcher, "vernetzen")


def test_filler_words_are_dropped(matcher: Matcher) -> None:
    assert keys(matcher, "Hallo, ich bin es") == []
    assert keys(matcher, "hey, das ist ja eigentlich echt so") == []


def test_compound_is_split_into_known_parts(matcher: Matcher) -> None:
    terms = matcher.analyse("Sozialarbeitsblogs")
    assert all(t.source is Source.COMPOUND for t in terms)
    assert {t.key for t in terms} == set(keys(matcher, "Sozialarbeit Blog"))
    assert set(keys(matcher, "Barcampliste")) == set(keys(matcher, "Barcamp Liste"))


def test_compounds_can_be_left_whole(matcher: Matcher) -> None:
    assert [t.source for t in matcher.analyse("Barcampliste", compounds=False)] != [
        Source.COMPOUND,
        Source.COMPOUND,
    ]


def test_typos_are_corrected_to_known_terms(matcher: Matcher) -> None:
    for typo, right in [("Barcmap", "Barcamp"), ("Potcasts", "Podcasts"), ("Facebok", "Facebook")]:
        terms = matcher.analyse(typo)
        assert [t.key for t in terms] == keys(matcher, right), typo
        assert terms[0].source is Source.FUZZY


def test_unknown_words_stay_unknown(matcher: Matcher) -> None:
    terms = matcher.analyse("Wetter Steuererklärung")
    assert all(t.key not in matcher.weights for t in terms)


def test_multi_word_synonyms_and_group_order() -> None:
    vocabulary = Vocabulary([["treffen", "vor ort", "face to face"]])
    vocabulary.freeze()
    first = {t.key for t in vocabulary.analyse("Treffen vor Ort")}
    second = {t.key for t in vocabulary.analyse("treffen face to face")}
    assert first == second
    assert len(first) == 1


def test_bundled_synonym_groups_do_not_overlap(matcher: Matcher) -> None:
    owners: dict[tuple[str, ...], int] = {}
    clashes = []
    stem = matcher.vocabulary.stemmer.stem
    for number, group in enumerate(matcher.content.synonyms):
        for member in group:
            key = tuple(stem(word) for word in words(member))
            if owners.setdefault(key, number) != number:
                clashes.append((member, number, owners[key]))
    assert not clashes, clashes


def test_own_name_in_a_self_introduction_is_dropped(matcher: Matcher) -> None:
    assert keys(matcher, "Hallo, ich bin Lisa und neu hier") == keys(matcher, "neu hier")
    assert keys(matcher, "Hi, I'm Tom, new here") == keys(matcher, "new here")
    assert keys(matcher, "Ich bin Ehrenamtliche") == keys(matcher, "ehrenamtlich")
