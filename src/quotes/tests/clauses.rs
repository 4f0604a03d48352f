//! Attribution table tests for clause boundaries and cues that report no speech, in the format
//! of `../tests.rs`.

use super::check;

#[test]
fn cues_that_report_no_speech() {
    check(
        &[
            // mod::asks_not_to_be_named: `طلب عدم نشر اسمه` in a relative clause does not claim
            // the complementizer of the sentence's own cue.
            (
                "وأضاف أحد المصادر، الذي طلب عدم نشر اسمه لأن المحادثات سرية، أن الشركة تسعى إلى جمع التمويل.",
                &["indirect «الشركة تسعى إلى جمع التمويل» speaker=أحد المصادر cue=أضاف to=-"],
            ),
            (
                "وقال شاهد عيان، طلب عدم ذكر اسمه، إن \"الأحياء الغربية أصبحت خالية تماما\".",
                &["partial «الأحياء الغربية أصبحت خالية تماما» speaker=شاهد عيان cue=قال to=-"],
            ),
            // mod::after_pronoun_complementizer: a verb after `أنهما` is reported, and the
            // marks belong to the chain before it.
            (
                "ونقلت القناة عن عضوين في المجلس، لم تسمهما، أنهما يرفضان أي ميزانية \"لا تراعي عدالة التوزيع\".",
                &["partial «لا تراعي عدالة التوزيع» speaker=عضوين cue=نقلت to=-"],
            ),
            // mod::verb_at: a speech verb with an object pronoun (`فأجابته`).
            (
                "وقالت نورة القحطاني إن الأرباح ارتفعت. وسأل محلل عن التوزيعات، فأجابته القحطاني بأن المجلس سيناقش أرباحا \"أعلى من العام الماضي\".",
                &[
                    "indirect «الأرباح ارتفعت» speaker=نورة القحطاني cue=قالت to=-",
                    "partial «أعلى من العام الماضي» speaker=نورة القحطاني cue=أجابته to=-",
                ],
            ),
            // mod::verb_at: the lam of purpose before a present verb (`لتؤكد`, `ليضيف`).
            (
                "وعادت الوزيرة لتؤكد أن الحكومة ستنشر تقريرا فصليا.",
                &["indirect «الحكومة ستنشر تقريرا فصليا» speaker=الوزيرة cue=تؤكد to=-"],
            ),
        ],
        "cues that report no speech",
    );
}

#[test]
fn clauses_end_where_another_attribution_starts() {
    check(
        &[
            // indirect::speech_clause_at: `، بينما قالت`, `، إذ قالت` end the reported clause.
            (
                "وقال النائب إنه سيصوت ضد المشروع، بينما قالت الوزيرة إن على البرلمان \"قراءة الأرقام بهدوء\".",
                &[
                    "indirect «سيصوت ضد المشروع» speaker=النائب cue=قال to=-",
                    "partial «قراءة الأرقام بهدوء» speaker=الوزيرة cue=قالت to=-",
                ],
            ),
            (
                "ويرى محللون أن التأجيل قد يخدم الشركة، إذ قالت محللة إن \"الانتظار خيار حكيم\".",
                &[
                    "indirect «التأجيل قد يخدم الشركة» speaker=محللون cue=يرى to=-",
                    "partial «الانتظار خيار حكيم» speaker=محللة cue=قالت to=-",
                ],
            ),
            // indirect::is_clause_colon: a clock time in the attribution zone is no colon.
            (
                "وقال عمر الشامسي، في مؤتمر عقد عند 10:30 صباحا، إن التمويل سيضاعف الفريق.",
                &["indirect «التمويل سيضاعف الفريق» speaker=عمر الشامسي cue=قال to=-"],
            ),
            // kinds::is_name_in_marks: a product code in marks stays inside the clause.
            (
                "وأوضحت لينا هوفمان أن نموذج \"نبراس-2\" تفوق على نماذج منافسة.",
                &["indirect «نموذج \"نبراس-2\" تفوق على نماذج منافسة» speaker=لينا هوفمان cue=أوضحت to=-"],
            ),
        ],
        "clauses end where another attribution starts",
    );
}

#[test]
fn headline_sources_before_a_colon() {
    check(
        &[
            // kinds::headline_source: an unnamed source or a document opening a headline speaks;
            // a place or a label before the colon does not.
            (
                "مصدر دبلوماسي: المفاوضات تستأنف الشهر المقبل\nنص.",
                &["colon «المفاوضات تستأنف الشهر المقبل» speaker=مصدر دبلوماسي cue=: to=-"],
            ),
            (
                "تقرير: الضفة فقدت ثلث مواردها المائية\nنص.",
                &["colon «الضفة فقدت ثلث مواردها المائية» speaker=تقرير cue=: to=-"],
            ),
            ("لبنان: المفاوضات تستأنف الشهر المقبل\nنص.", &[]),
            ("عاجل: المفاوضات تستأنف الشهر المقبل\nنص.", &[]),
        ],
        "headline sources",
    );
}

#[test]
fn sources_after_the_marks() {
    check(
        &[
            // kinds::source_after: `بحسب ما نقلته عنها X` relays the speaker named before the
            // marks; a plain `بحسب X` after them names who said them.
            (
                "وقالت ليلى بوزيدي إن الحوار مستمر. وتعتبر بوزيدي أن الحوار \"هو الطريق الوحيد\"، بحسب ما نقلته عنها وكالة الأنباء الجزائرية.",
                &[
                    "indirect «الحوار مستمر» speaker=ليلى بوزيدي cue=قالت to=-",
                    "partial «هو الطريق الوحيد» speaker=ليلى بوزيدي cue=تعتبر to=-",
                ],
            ),
        ],
        "sources after the marks",
    );
}
