//! The finder's tables of positions, and the shortcuts that read them, against plain
//! references (the ways they were first written) on many inputs.

use super::super::{Finder, COMPLEMENTIZERS};
use crate::entities::{self, Words};
use crate::tokenize::{TokenKind, Tokens};

/// Texts with complementizers, speech verbs, marks, entities and roles, and texts with none:
/// diacritics, tatweel, emoji, Latin script, digits, and the empty text.
const TEXTS: &[&str] = &[
    "",
    " ",
    "أن",
    "وقال الرئيس الصيني شي جين بينغ إن العلاقات قوية، وأضاف أن التعاون سيستمر.",
    "وأكد وزير الخارجية الروسي سيرغي لافروف أنَّ المحادثات «بناءة»، بينما قالت الوزيرة إن على البرلمان \"قراءة الأرقام بهدوء\".",
    "قالـــت المتحدثة باسم الوزارة: إنّ الاجتماع سيعقد غدا. وأشار إلى أن 10:30 موعد مناسب 🙂.",
    "بحسب مصادر مطلعة فإن الاتفاق قريب، وفقا لهيئة الإحصاء. جاء في التقرير أن الصادرات ارتفعت بنسبة 5%.",
    "The minister said that talks went well. Reuters: «ok» 🙂🙂 بعد أن قال إنه سيغادر، قبل أن يعود.",
    "يذكر أن الرئيس بوتين أبلغ نظيره الصيني بأنه سيزور بكين.\n\nوقال: \"نحن مستعدون\".\nبانه وانها وبان",
    "فإن أن إن انهم بانهما وانه ان\u{0640}ه 1234 ؟ ! . ، ؛ : « » “ ” ( )",
];

/// The texts, each again as one line, and sentences with a complementizer at every distance
/// from a verb up to past the reach of thirty positions.
fn texts() -> Vec<String> {
    let mut texts: Vec<String> = TEXTS.iter().map(|text| text.to_string()).collect();
    texts.extend(TEXTS.iter().map(|text| text.replace('\n', " ")));
    for gap in 25..35 {
        let filler = "الملف ".repeat(gap);
        texts.push(format!("وقال الوزير {filler}إن الاتفاق قريب {filler}وأن الحرب انتهت."));
    }
    texts
}

/// Runs `test` over a finder for each text.
fn each_finder(test: impl Fn(&str, &Finder)) {
    let annotator = crate::builtin();
    let lexicon = annotator.lexicon();
    for text in texts() {
        let tokens = Tokens::new(&text, lexicon);
        let words = Words::new(&tokens);
        let analysis = entities::find(&words, lexicon, annotator.model());
        let finder = Finder::new(&words, lexicon, &analysis);
        test(&text, &finder);
    }
}

#[test]
fn positions_in_reach_are_those_whose_next_opener_is_near() {
    each_finder(|text, finder| {
        let n = finder.words.len();
        // The reference: the next opener after each position, from a table of all of them.
        let mut next = vec![n; n + 1];
        for at in (0..n).rev() {
            let opens = finder.is_complementizer(at) || finder.words.text(at) == "فان";
            next[at] = if opens { at } else { next[at + 1] };
        }
        let expected: Vec<usize> = (0..n)
            .filter(|&at| {
                let opener = next.get(at + 1).copied().unwrap_or(n);
                opener < at + 30 && finder.same_sentence(opener, at)
            })
            .collect();
        let mut got = Vec::new();
        finder.each_in_reach(|at| got.push(at));
        assert_eq!(got, expected, "{text}");
    });
}

#[test]
fn complementizers_are_told_as_by_the_list() {
    each_finder(|text, finder| {
        for at in 0..finder.words.len() + 2 {
            let word = finder.words.text(at);
            let after_particle = at > 0
                && ["بعد", "قبل", "منذ", "دون", "حتي", "بدلا", "عوضا", "رغم", "بمجرد"]
                    .contains(&finder.words.text(at - 1));
            let expected = finder.words.kind(at) == Some(TokenKind::Word)
                && COMPLEMENTIZERS.contains(&word)
                && !after_particle;
            assert_eq!(finder.is_complementizer(at), expected, "{text} at {at}");
        }
    });
}

#[test]
fn tables_of_positions_hold_the_covering_entity_and_roles() {
    each_finder(|text, finder| {
        let analysis = finder.analysis;
        for at in 0..finder.words.len() + 2 {
            let entity = (0..analysis.positions.len())
                .rev()
                .find(|&index| {
                    (analysis.positions[index].0..=analysis.positions[index].1).contains(&at)
                })
                .filter(|_| at < finder.words.len());
            let start = analysis.roles.iter().rposition(|r| r.first == at);
            let over = analysis.roles.iter().position(|r| (r.first..=r.last).contains(&at));
            let over = over.filter(|_| at < finder.words.len());
            assert_eq!(finder.entity_at(at), entity, "{text} at {at}");
            assert_eq!(
                finder.role_at(at),
                start.filter(|_| at < finder.words.len()),
                "{text} at {at}"
            );
            assert_eq!(finder.role_over(at), over, "{text} at {at}");
        }
    });
}
