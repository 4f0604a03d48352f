//! Tests of the model file, the tagger's scores and its decoding.

use super::features::{Form, Strings};
use super::*;
use crate::lexicon::token_hash;
use crate::tokenize::TokenKind;

#[test]
fn embedded_model_matches_its_recipe() {
    let model = Model::builtin().expect("the embedded model loads");
    let header = model.header.clone().expect("a loaded model has a header");
    assert_eq!(header.format, FORMAT_VERSION, "model file layout changed: retrain");
    assert_eq!(header.features, FEATURE_VERSION, "feature set changed: retrain");
    assert!(model.len() > 1000, "the embedded model has almost no features");
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/anercorp/train.txt");
    match std::fs::read(data) {
        Ok(bytes) => assert_eq!(
            header.data_hash,
            data_hash(&bytes),
            "the model was trained on other data than {data}: run `qawl train-model`"
        ),
        Err(_) => println!("skipped the training data hash check: {data} not found"),
    }
}

#[test]
fn model_files_round_trip() {
    let header =
        Header { format: FORMAT_VERSION, features: FEATURE_VERSION, data_hash: 7, epochs: 2 };
    let table = [(3u32, [1i8, -2, 3, 0, 0, 0, 0, 0, 127]), (300_000, [-127; TAG_COUNT])];
    let transitions: Vec<i16> = (0..(TAG_COUNT + 1) * TAG_COUNT).map(|i| i as i16 - 40).collect();
    let model = Model::from_bytes(&Model::to_bytes(&header, &table, &transitions)).unwrap();
    assert_eq!(model.header, Some(header));
    let features = &model.features;
    assert_eq!((features.get(3), features.get(300_000)), (Some(&table[0].1), Some(&table[1].1)));
    assert_eq!((features.get(0), features.get(4), model.len()), (None, None, 2));
    assert_eq!(model.transitions[TAG_COUNT], -31);
    let mut row = [0; TAG_COUNT];
    model.add(300_000, &mut row);
    model.add(4, &mut row);
    assert_eq!(row, [-127; TAG_COUNT], "an unknown feature adds nothing");
}

/// Weights told apart by the key's index.
fn weights_of(index: usize) -> [i8; TAG_COUNT] {
    std::array::from_fn(|tag| (((index * 7 + tag * 13) % 251) as i16 - 125) as i8)
}

#[test]
fn the_feature_table_finds_every_key_and_no_other() {
    // Spread keys, then sixty that share one group: its pilot must find sixty free places.
    let spread = (1..5000u32).map(|i| i.wrapping_mul(2_654_435_761) ^ (i << 7));
    // A table of as many keys has as many groups.
    let sized =
        FeatureTable::new(&(0..5060).collect::<Vec<u32>>(), |_| Ok([0; TAG_COUNT])).unwrap();
    let crowded = (0..u32::MAX).filter(|&key| sized.group(key) == 1).take(60);
    let mut keys: Vec<u32> = spread.chain(crowded).chain([0]).collect();
    keys.sort_unstable();
    keys.dedup();
    let table = FeatureTable::new(&keys, |index| Ok(weights_of(index))).unwrap();
    assert_eq!(table.len(), keys.len());
    assert_eq!(table.pilots.len(), sized.pilots.len(), "as many groups as the sized table");
    assert!(keys.iter().filter(|&&key| table.group(key) == 1).count() >= 60, "a crowded group");
    for (index, &key) in keys.iter().enumerate() {
        assert_eq!(table.get(key), Some(&weights_of(index)), "key {key}");
        let mut row = [0; TAG_COUNT];
        table.add(key, &mut row);
        assert_eq!(row, weights_of(index).map(i16::from), "key {key} added");
    }
    // A key not in the table lands on another key's place or a free one, and adds nothing.
    let absent =
        (0..20_000u32).map(|i| i.wrapping_mul(2_246_822_519)).filter(|k| !keys.contains(k));
    for key in absent {
        assert_eq!(table.get(key), None, "the missing key {key} was found");
        let mut row = [0; TAG_COUNT];
        table.add(key, &mut row);
        assert_eq!(row, [0; TAG_COUNT], "the missing key {key} added weights");
    }
    // Every free place is 0 with no weights: key 0 is found only where the model has it.
    let without_zero: Vec<u32> = keys[1..].to_vec();
    let table = FeatureTable::new(&without_zero, |index| Ok(weights_of(index))).unwrap();
    assert_eq!(table.get(0), None, "key 0 is in no free place");
    assert_eq!(FeatureTable::default().get(0), None, "an empty table holds nothing");
    assert!(FeatureTable::new(&[5, 9, 5], |_| Ok([1; TAG_COUNT])).is_err(), "a repeated key");
}

#[test]
fn sums_of_keys_the_model_seldom_has_pass_the_filter_of_keys_first() {
    let keys: Vec<u32> = (0..3000u32).map(|i| i.wrapping_mul(2_654_435_761) ^ 0x5bd1).collect();
    let table = FeatureTable::new(&keys, |index| Ok(weights_of(index))).unwrap();
    for &key in &keys {
        assert!(table.may_have(key), "key {key} was not filed");
    }
    // Rows of five, of keys found and not: the same sums as adding every key.
    let absent: Vec<u32> = (0..20_000u32)
        .map(|i| i.wrapping_mul(2_246_822_519) ^ 0x1234)
        .filter(|k| !keys.contains(k))
        .collect();
    let rows: Vec<[u32; 5]> = (0..600)
        .map(|row| {
            std::array::from_fn(
                |i| if (row + i) % 4 == 0 { keys[row] } else { absent[row * 5 + i] },
            )
        })
        .collect();
    for (row, sum) in rows.iter().zip(table.sums_of_few(&rows)) {
        let mut plain = [0i16; TAG_COUNT];
        for &key in row {
            table.add(key, &mut plain);
        }
        assert_eq!(sum, plain, "the row {row:?}");
    }
    // Few keys the table lacks pass the filter: two bits in at least 16 leave one in seventy.
    let passed = absent.iter().filter(|&&key| table.may_have(key)).count();
    assert!(passed * 40 < absent.len(), "{passed} of {} missing keys passed", absent.len());
    // Gathered, keys the table has are all kept, in order, and few others.
    let mut gathered = vec![];
    for (&found, missing) in keys.iter().zip(absent.chunks(5)).take(500) {
        missing.iter().chain([&found]).for_each(|&key| table.gather(&mut gathered, key));
    }
    let kept: Vec<u32> = gathered.iter().copied().filter(|key| keys.contains(key)).collect();
    assert_eq!(kept, keys[..500], "every key the table has, in order");
    assert!(gathered.len() < 500 + 2500 / 40, "{} keys gathered", gathered.len());
}

#[test]
fn sums_of_many_rows_are_the_sums_of_each_key() {
    let keys: Vec<u32> = (0..400u32).map(|i| i.wrapping_mul(2_654_435_761)).collect();
    let table = FeatureTable::new(&keys, |index| Ok(weights_of(index))).unwrap();
    // Keys found and not, in rows of every length from none to 40 keys.
    let asked: Vec<u32> = (0..820u32).map(|i| keys[i as usize % 400] + i % 2).collect();
    let mut ends = vec![];
    let mut end = 0;
    for length in 0..=40 {
        end += length;
        ends.push(end as u32);
    }
    let sums = table.sums(&asked, &ends);
    assert_eq!(sums.len(), ends.len());
    let mut start = 0;
    for (sum, &end) in sums.iter().zip(&ends) {
        let mut plain = [0i16; TAG_COUNT];
        for &key in &asked[start..end as usize] {
            if let Some(weights) = table.get(key) {
                add_row(&mut plain, &weights.map(i16::from));
            }
        }
        assert_eq!(*sum, plain, "the row of keys {start}..{end}");
        start = end as usize;
    }
    let mut one = [0i16; TAG_COUNT];
    table.add(keys[7], &mut one);
    assert_eq!(one, weights_of(7).map(i16::from), "one key added alone");
}

#[test]
fn bad_model_files_are_errors() {
    for bytes in [&b""[..], b"no header", b"qawl; format 1; features 1; data fnv1a64 0; epochs 1\n"]
    {
        assert!(Model::from_bytes(bytes).is_err(), "{bytes:?} should not load");
    }
    let old = "qawl ner model; format 0; features 1; data fnv1a64 0; epochs 1\n";
    assert!(Model::from_bytes(old.as_bytes()).is_err(), "an old format must be refused");
    let short = &EMBEDDED[..EMBEDDED.len() - 1];
    assert!(Model::from_bytes(short).is_err(), "a model missing its last weight must be refused");
    let long = [EMBEDDED, &[0]].concat();
    assert!(
        Model::from_bytes(&long).is_err(),
        "a model with bytes after its weights must be refused"
    );
}

#[test]
fn string_hashes_taken_in_one_pass_equal_each_string_hashed_alone() {
    use crate::tokenize::TokenKind;
    // (word, proclitic bytes): Arabic with and without proclitics and article, stems of one to
    // six characters, Latin, digits, an emoji, a lone mark and nothing at all.
    let cases = [
        ("والرئيس", 2),
        ("الرئيس", 0),
        ("بالقاهرة", 2),
        ("ال", 0),
        ("الم", 0),
        ("المغرب", 0),
        ("و", 0),
        ("وو", 2),
        ("بوتين", 0),
        ("فلاديمير", 0),
        ("Gazprom", 0),
        ("2024", 0),
        ("😀ب", 0),
        ("ب😀", 2),
        ("\u{064B}", 0),
        ("", 0),
    ];
    for (word, proclitic) in cases {
        let stem = &word[proclitic..];
        for kind in [Some(TokenKind::Word), Some(TokenKind::Latin), None] {
            assert_eq!(
                Strings::of(word, stem, kind),
                Strings::plain(word, stem, kind),
                "{word:?} (stem {stem:?}): the one-pass hashes differ, so would the features"
            );
        }
    }
}

#[test]
fn list_flags_from_the_index_equal_a_lookup_per_list() {
    use super::features::{lists, plain_lists};
    let mut lexicon = Lexicon::builtin().expect("the built-in lists load");
    // A personal list marks its words known to the tokenizer: the tagger's lists stay.
    let personal = "#! ORG\nالشركة الكبرى\tقال\n#! PER\nالرئيس\tm\tابراهيم\tوزير\n";
    lexicon.add_user_list(personal).expect("the personal list parses");
    // Every token of the lists the tagger reads, with and without the article and proclitics,
    // and words of no list: Arabic, diacritics, tatweel, an emoji, Latin, digits, nothing.
    let sources = [
        include_str!("../../data/first_names.txt"),
        include_str!("../../data/first_names.generated.txt"),
        include_str!("../../data/function_words.txt"),
        include_str!("../../data/titles.txt"),
        include_str!("../../data/org_heads.txt"),
        include_str!("../../data/speech_verbs.txt"),
        "قال قالت الشركة شركة ال و ب الرئيس رئيس\nمُحَمَّد محـــمد 😀 Putin 2024 \u{064B}",
    ];
    let mut words: Vec<String> = vec![String::new()];
    for line in sources.iter().flat_map(|text| text.lines()) {
        for field in line.split('\t').filter(|field| !field.starts_with('#')) {
            let (key, _) = crate::tokenize::phrase_key(field);
            // A word of a text has no space: the tokens of a phrase are words, it is not.
            words.extend(key.split(' ').map(str::to_string));
        }
    }
    let mut checked = 0;
    for stem in &words {
        for proclitic in ["", "ال", "و", "وال", "بال", "ل"] {
            let with_article = [proclitic, stem].concat();
            // The article as part of the stem, and as what the tokenizer split off.
            for (word, stem) in
                [(with_article.as_str(), with_article.as_str()), (&with_article, stem)]
            {
                assert_eq!(
                    lists(&lexicon, stem, (word, token_hash(word))),
                    plain_lists(&lexicon, stem, word),
                    "{word:?} (stem {stem:?}): the index says other than the lists"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 10_000, "too few words checked: {checked}");
}

#[test]
fn viterbi_keeps_iob2_valid() {
    // `I-PERS` scores best everywhere, but may not open the text or follow `O`.
    let mut row = [0i32; TAG_COUNT];
    row[2] = 10;
    row[1] = 5;
    let transitions = vec![0i32; (TAG_COUNT + 1) * TAG_COUNT];
    assert_eq!(viterbi(&[row, row, row], &transitions), vec![1, 2, 2]);
    assert_eq!(viterbi::<i32>(&[], &transitions), Vec::<usize>::new());
}

/// The plain textbook decoding the fast one must agree with, ties included: `i64` sums that
/// never need a rebase, only allowed steps, a tie going to the first previous tag and, at the
/// end, to the first tag.
fn plain_viterbi(emissions: &[[i32; TAG_COUNT]], transitions: &[i32]) -> Vec<usize> {
    let weight = |previous: Option<usize>, tag: usize| {
        i64::from(transitions[previous.unwrap_or(TAG_COUNT) * TAG_COUNT + tag])
    };
    let mut best: Vec<[Option<i64>; TAG_COUNT]> = Vec::new();
    let mut back: Vec<[usize; TAG_COUNT]> = Vec::new();
    for (at, row) in emissions.iter().enumerate() {
        let mut scores = [None; TAG_COUNT];
        let mut from = [0; TAG_COUNT];
        for tag in 0..TAG_COUNT {
            let emission = i64::from(row[tag]);
            if at == 0 {
                scores[tag] = allowed(None, tag).then(|| weight(None, tag) + emission);
                continue;
            }
            for previous in (0..TAG_COUNT).filter(|&previous| allowed(Some(previous), tag)) {
                let Some(before) = best[at - 1][previous] else { continue };
                let score = before + weight(Some(previous), tag) + emission;
                if scores[tag].is_none_or(|top| score > top) {
                    scores[tag] = Some(score);
                    from[tag] = previous;
                }
            }
        }
        best.push(scores);
        back.push(from);
    }
    let Some(last) = best.last() else { return Vec::new() };
    let mut tag = 0;
    for candidate in 1..TAG_COUNT {
        if last[candidate] > last[tag] {
            tag = candidate;
        }
    }
    let mut tags = vec![0; emissions.len()];
    for at in (0..emissions.len()).rev() {
        tags[at] = tag;
        tag = back[at][tag];
    }
    tags
}

#[test]
fn viterbi_agrees_with_the_plain_decoding_ties_included() {
    // Scores drawn from a few values, so that many paths tie; a small xorshift generator keeps
    // the cases the same on every run.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = |values: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % values) as i32
    };
    for case in 0..2000 {
        let values = [2, 3, 5, 40][case % 4];
        let length = 1 + case % 13;
        let emissions: Vec<[i32; TAG_COUNT]> =
            (0..length).map(|_| std::array::from_fn(|_| next(values) * 7 - 10)).collect();
        let transitions: Vec<i32> =
            (0..(TAG_COUNT + 1) * TAG_COUNT).map(|_| next(values) * 5 - 8).collect();
        assert_eq!(
            viterbi(&emissions, &transitions),
            plain_viterbi(&emissions, &transitions),
            "case {case}: emissions {emissions:?}, transitions {transitions:?}"
        );
        assert_eq!(
            viterbi_whole(&emissions, &transitions),
            plain_viterbi(&emissions, &transitions),
            "case {case}: the decoding in whole f32 numbers differs"
        );
        // Near the largest scores decoded in `f32` (2^16 each), and past them (`i32` then).
        let scale = [1, 60, 240, 5_000][case / 4 % 4];
        let large: Vec<[i32; TAG_COUNT]> =
            emissions.iter().map(|row| row.map(|score| score * scale)).collect();
        let heavy: Vec<i32> = transitions.iter().map(|&weight| weight * 160).collect();
        assert_eq!(
            viterbi_whole(&large, &heavy),
            plain_viterbi(&large, &heavy),
            "case {case}: the decoding in whole f32 numbers differs on large scores"
        );
        let as_floats: Vec<[f32; TAG_COUNT]> =
            emissions.iter().map(|row| row.map(|score| score as f32)).collect();
        let transitions: Vec<f32> = transitions.iter().map(|&weight| weight as f32).collect();
        assert_eq!(
            viterbi(&as_floats, &transitions),
            plain_viterbi(&emissions, &transitions.iter().map(|&w| w as i32).collect::<Vec<_>>()),
            "case {case}: training's f32 decoding differs"
        );
    }
}

#[test]
fn viterbi_scores_do_not_overflow_on_long_texts() {
    // Path sums past `i32::MAX` (a text of some 90 MB scores as much) would panic in a
    // debug build and wrap into nonsense in a release build; the best path must still be
    // found, with its ties broken as on a short text.
    let mut row = [0i32; TAG_COUNT];
    row[0] = 100_000_000;
    row[1] = 99_999_990;
    let mut rows = vec![row; 60];
    rows[40][3] = 100_000_010;
    let transitions = vec![0i32; (TAG_COUNT + 1) * TAG_COUNT];
    let mut expected = vec![0; 60];
    expected[40] = 3;
    assert_eq!(viterbi(&rows, &transitions), expected);
    assert_eq!(viterbi_whole(&rows, &transitions), expected, "scores this large take i32");
}

#[test]
fn chunks_and_transitions() {
    type Case<'c> = (&'c [usize], &'c [(usize, usize, usize)]);
    let cases: &[Case] = &[
        (&[1, 2, 0, 3], &[(0, 1, 1), (3, 3, 3)]),
        (&[1, 1, 2], &[(0, 0, 1), (1, 2, 1)]),
        (&[0, 5, 6, 6, 7], &[(1, 3, 5), (4, 4, 7)]),
    ];
    for (tags, expected) in cases {
        assert_eq!(&chunks(tags), expected, "tags {tags:?}");
    }
    assert!(allowed(Some(1), 2) && allowed(Some(2), 2) && allowed(None, 1));
    assert!(!allowed(None, 2) && !allowed(Some(0), 4) && !allowed(Some(3), 2));
}

#[test]
fn model_found_names_link_to_their_later_mentions() {
    let text = "أعلن غونزالو بيرالتا مدرب الفريق أنه سيرحل. وقال بيرالتا إن القرار نهائي.";
    let document = crate::annotate(text);
    let found: Vec<(&str, &str, Option<u32>, &str)> = document
        .entities
        .iter()
        .map(|e| (e.span.slice(text), e.canonical.as_str(), e.id, e.source))
        .collect();
    assert_eq!(
        found,
        vec![
            ("غونزالو بيرالتا", "غونزالو بيرالتا", Some(0), "model"),
            ("بيرالتا", "غونزالو بيرالتا", Some(0), "rule:repeat"),
        ],
        "the model should find a name no list knows, and the surname should join it"
    );
}

/// The persons `crate::annotate` finds in `text`, as the text they span.
fn persons(text: &str) -> Vec<&str> {
    let document = crate::annotate(text);
    document
        .entities
        .iter()
        .filter(|e| e.label == Label::Person)
        .map(|e| e.span.slice(text))
        .collect()
}

#[test]
fn the_model_ends_names_the_given_name_rule_ran_past() {
    // (text, the person found, with the model)
    let cases = [
        // `وتغريمه` ("and fining him") reads as no name to the model.
        ("قضت المحكمة بالسجن على رجل الأعمال سامح الدمرداش وتغريمه 50 مليون جنيه.", "سامح الدمرداش"),
        // A family name the model is unsure of stays.
        ("وقال عبد الكريم مزيان بلفقيه إن الحكومة ستعلن القرار.", "عبد الكريم مزيان بلفقيه"),
    ];
    for (text, expected) in cases {
        assert_eq!(persons(text), [expected], "in {text:?}: did trim_names or the model change?");
    }
    let text = cases[0].0;
    let rules_only = crate::builtin().annotate_without_model(text);
    assert_eq!(
        rules_only.entities[0].span.slice(text),
        "سامح الدمرداش وتغريمه",
        "the rule alone should run past the name, or this test shows nothing"
    );
}

#[test]
fn without_the_model_only_rules_decide() {
    let text = "أعلن غونزالو بيرالتا مدرب الفريق أنه سيرحل.";
    assert!(crate::builtin().annotate_without_model(text).entities.is_empty());
}

#[test]
fn scores_read_once_per_word_form_equal_every_feature_added_at_each_position() {
    // Repeated words, a list word, a gazetteer name, Latin, a number and a line break.
    let text =
        "قال الرئيس فلاديمير بوتين في موسكو إن Gazprom ستدفع 5 ملايين.\nوقال بوتين إن بوتين هنا";
    let annotator = crate::builtin();
    let (lexicon, model) = (&annotator.lexicon, annotator.model().expect("a built-in model"));
    let tokens = crate::tokenize::Tokens::new(text, lexicon);
    let words = Words::new(&tokens);
    let hits = super::super::gazetteer::hits(&words, lexicon);
    let reading = model.read(&words, lexicon, &hits);
    // Every form's features, none taken from the model's known forms.
    let features = Features::without_rules(&words, lexicon, &hits, &KnownForms::default());
    let known = reading.features.known.iter().filter(|&&k| k != Features::UNKNOWN).count();
    assert!(known >= 4, "the reading took {known} of the text's forms from the known forms");
    assert_eq!(reading.features.forms, as_read(&reading.features, &features.forms));
    let rules = crate::entities::rule_spots(&words, lexicon);
    let marks = super::marks(words.len(), rules.iter().copied());
    for (at, emission) in reading.emissions(&rules).iter().enumerate() {
        let mut keys = Vec::new();
        Features::own(&features.forms[features.form[at] as usize], &mut |key| keys.push(key));
        features.context(at, &mut |key| keys.push(key));
        let mut row = [0i32; TAG_COUNT];
        for key in keys {
            add_plain(model, key, &mut row);
        }
        let mut unmarked = row;
        super::features::rule_features(&[], at, &mut |key| add_plain(model, key, &mut unmarked));
        assert_eq!(
            reading.base[at],
            unmarked,
            "position {at} ({}): the per-form rows of Model::read miss or repeat a feature",
            words.text(at)
        );
        let mut keys = Vec::new();
        super::features::rule_features(&marks, at, &mut |key| keys.push(key));
        for key in keys {
            add_plain(model, key, &mut row);
        }
        assert_eq!(
            *emission,
            row,
            "position {at} ({}): the per-mark scores of the rules' spans differ from their features",
            words.text(at)
        );
    }
}

/// Adds a feature's weights to a row of `i32` scores one by one, as a reference for the `i16`
/// sums of [`Model::add`].
fn add_plain(model: &Model, key: u32, row: &mut [i32; TAG_COUNT]) {
    if let Some(weights) = model.features.get(key) {
        for (score, &weight) in row.iter_mut().zip(weights) {
            *score += i32::from(weight);
        }
    }
}

#[test]
fn word_forms_found_by_their_front_end_hash_are_those_of_a_plain_map() {
    use std::collections::HashMap;
    // Repeated words with and without proclitics, diacritics, tatweel, an emoji, Latin, digits,
    // punctuation, a line break, a long text of few words and nothing at all.
    let long = "وقال بوتين إن الرئيس قال ".repeat(200);
    // More distinct words than the table of forms starts with room for, each twice: it grows,
    // and finds every word again after.
    let letters: Vec<char> = "بتثجحخدذرزسشصضطظعغفقكلمنهوي".chars().collect();
    let many: String = (0..40_000usize)
        .flat_map(|i| {
            let n = i % 20_000;
            [0, 1, 2, 3].map(|digit| letters[n / letters.len().pow(digit) % letters.len()])
        })
        .collect::<Vec<char>>()
        .chunks(4)
        .map(|word| word.iter().collect::<String>() + " ")
        .collect();
    let texts = [
        "قال الرئيس فلاديمير بوتين في موسكو إن Gazprom ستدفع 5 ملايين.\nوقال بوتين إن بوتين هنا",
        "مُحَمَّد محـــمد محمد ومحمد 😀 😀 Putin putin Putin 2024 2024 «قال» \u{064B}",
        "بالقاهرة القاهرة والقاهرة للصين الصين",
        long.as_str(),
        many.as_str(),
        "",
    ];
    let annotator = crate::builtin();
    let lexicon = &annotator.lexicon;
    for text in texts {
        let tokens = crate::tokenize::Tokens::new(text, lexicon);
        let words = Words::new(&tokens);
        let known = &annotator.model().expect("a built-in model").known;
        let features = Features::without_rules(&words, lexicon, &[], known);
        // The plain way: a map of every position's (word, stem length, kind), forms numbered
        // as they first come.
        let mut seen = HashMap::new();
        for at in 0..words.len() {
            let key = (words.text(at), words.stem(at).len(), words.kind(at));
            let next = seen.len() as u32;
            let form = *seen.entry(key).or_insert(next);
            assert_eq!(features.form[at], form, "{text:?} at {at}: another form index");
            let (word, stem, kind) = (words.text(at), words.stem(at), words.kind(at));
            let (computed, strings) = (
                Features::form_of(lexicon, (word, token_hash(word)), stem, kind),
                Strings::of(word, stem, kind),
            );
            assert_eq!(computed.1, strings);
            let read = as_read_at(&features, form as usize, computed);
            assert_eq!(features.forms[form as usize], read, "{text:?} at {at}");
        }
        assert_eq!(features.forms.len(), seen.len() + 2, "{text:?}: forms and the two edges");
    }
}

/// What a reading whose forms are `read` keeps of each of `forms`, computed in full: all of it,
/// or for a known form what the lists say and the hashes its pairs read (see
/// `KnownForm::form`).
fn as_read(read: &Features, forms: &[Form]) -> Vec<Form> {
    forms.iter().enumerate().map(|(index, &form)| as_read_at(read, index, form)).collect()
}

/// What the reading `read` keeps of its form of index `index`, computed in full as `form`.
fn as_read_at(read: &Features, index: usize, (lists, strings): Form) -> Form {
    match read.known[index] {
        Features::UNKNOWN => (lists, strings),
        _ => (lists, Strings::of_pair(strings.pair())),
    }
}

/// Asserts that `annotator`'s model reads `text` as a model without known forms does: the same
/// forms and the same scores at every position, with at least `least_known` forms known.
fn known_forms_change_nothing(annotator: &crate::Annotator, text: &str, least_known: usize) {
    let (lexicon, model) = (&annotator.lexicon, annotator.model().expect("a model"));
    let unknowing = Model { known: KnownForms::default(), ..model.clone() };
    let tokens = crate::tokenize::Tokens::new(text, lexicon);
    let words = Words::new(&tokens);
    let hits = super::super::gazetteer::hits(&words, lexicon);
    let (reading, plain) =
        (model.read(&words, lexicon, &hits), unknowing.read(&words, lexicon, &hits));
    let known = reading.features.known.iter().filter(|&&k| k != Features::UNKNOWN).count();
    assert!(known >= least_known, "{known} known forms in {text:?}");
    assert!(plain.features.known.iter().all(|&k| k == Features::UNKNOWN));
    assert_eq!(
        reading.features.forms,
        as_read(&reading.features, &plain.features.forms),
        "{text:?}"
    );
    assert_eq!(reading.base, plain.base, "{text:?}");
}

#[test]
fn known_forms_give_the_scores_computed_for_every_form() {
    let annotator = crate::builtin();
    let model = annotator.model().expect("a built-in model");
    // The index holds some 12,500 words, most of them one token and normalized.
    assert!(model.known_forms() > 10_000, "{} known forms", model.known_forms());
    for seed in [
        include_str!("../../../seeds/2022-12-30-putin-xi-just-world-order.txt"),
        include_str!("../../../seeds/2024-02-09-jakarta-trade-record.txt"),
    ] {
        known_forms_change_nothing(annotator, seed, 100);
    }
    // Diacritics, tatweel, emoji, Latin, digits, a known word with a proclitic and without.
    let odd = "وقال مُحَمَّد: «بين الـــدول» 😀 Putin قال 2024 وقد والتي التي\n";
    known_forms_change_nothing(annotator, odd, 4);
    known_forms_change_nothing(annotator, "", 0);
    // A personal name `وقال` is kept whole by the tokenizer, so the common word is no longer
    // `و` + `قال`: the annotator's known forms are worked out again with the new lists (and a
    // known form whose stem differs from the text's is not taken).
    let personal = annotator.with_user_list("#! PER\nوقال\n").expect("a valid list");
    known_forms_change_nothing(&personal, "وقال الوزير إن وقال هنا", 2);
}

#[test]
fn a_known_form_is_found_for_its_word_stem_and_kind_only() {
    let model = crate::builtin().model().expect("a built-in model");
    let known = &model.known;
    let hash = token_hash("وقال");
    let index = known.find(hash, "وقال", "قال".len(), Some(TokenKind::Word)).map(|(i, _)| i);
    assert!(index.is_some(), "the common word وقال is known as و + قال");
    let long = "الفلسطينية";
    let long_hash = crate::lexicon::token_hash(long);
    let word = Some(TokenKind::Word);
    assert!(long.len() > 16 && known.find(long_hash, long, long.len(), word).is_some());
    // (hash, word, stem length, kind, what differs from a known form). A word of the same
    // length, found under the known word's hash, is told apart by its bytes: a short word (kept
    // whole in the form) and a long one (read from the heap), each differing from the known one
    // in its last letter only.
    let misses = [
        (hash, "وقال", "وقال".len(), word, "whole"),
        (hash, "وقال", "قال".len(), Some(TokenKind::Latin), "kind"),
        (hash, "وقد", "قد".len(), word, "another word"),
        (hash, "وقاك", "قاك".len(), word, "a short word of the same length"),
        (long_hash, "الفلسطينيه", long.len(), word, "a long word of the same length"),
    ];
    for (hash, text, stem_len, kind, why) in misses {
        assert_eq!(known.find(hash, text, stem_len, kind).map(|(i, _)| i), None, "{why}");
    }
    assert_eq!(
        KnownForms::default().find(hash, "وقال", 6, Some(TokenKind::Word)).map(|(i, _)| i),
        None
    );
}

#[test]
fn personal_prepositions_open_no_model_name() {
    // (text, position of the word, trimmed from the front of a model name)
    let cases = [
        ("حين اتصل بي كريم أول مرة", 2, true),
        ("تحدث معك كريم أول مرة", 1, true),
        ("قال لي تشيانغ إن", 1, false),
        ("حين اتصل كريم أول مرة", 2, false),
    ];
    let lexicon = crate::builtin().lexicon();
    for (text, at, trimmed) in cases {
        let tokens = crate::tokenize::Tokens::new(text, lexicon);
        let words = Words::new(&tokens);
        assert_eq!(
            is_title_or_function(&words, lexicon, at),
            trimmed,
            "in {text:?}, word {at} ({}): is PERSONAL_PREPOSITIONS still read?",
            words.text(at)
        );
    }
}

#[test]
fn a_model_name_keeps_a_given_name_whole() {
    // `كريم` is a given name, not `ك` + `ريم`.
    let text = "وأضاف كريم أن المباراة صعبة";
    assert_eq!(
        persons(text),
        ["كريم"],
        "did the model stop finding the name, or split its first letter?"
    );
    let rules_only = crate::builtin().annotate_without_model(text);
    assert!(rules_only.entities.is_empty(), "a rule found the name, so this test shows nothing");
}

#[test]
fn leb128_four_bytes_at_once_reads_as_byte_by_byte() {
    // Every length from one byte to six, numbers at the edges of each length, and a tail after
    // them cut at every point (truncated numbers included).
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut bytes = Vec::new();
    for case in 0..3000u64 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let length = 1 + (case % 6) as usize;
        for at in 0..length {
            let byte = (state >> (8 * at)) as u8 & 0x7f;
            bytes.push(if at + 1 < length { byte | 0x80 } else { byte });
        }
    }
    for start in [0, 1, 5, 17] {
        for end in (bytes.len() - 40..=bytes.len()).chain([start, start + 1, start + 3]) {
            let (mut fast, mut plain) = (&bytes[start..end], &bytes[start..end]);
            loop {
                let (a, b) = (leb128(&mut fast), leb128_bytewise(&mut plain));
                assert_eq!((a, fast.len()), (b, plain.len()), "bytes {start}..{end}");
                if a.is_none() {
                    break;
                }
            }
        }
    }
}
