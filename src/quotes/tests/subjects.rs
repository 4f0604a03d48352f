//! Attribution table tests for subjects far from their cue, fronted subjects and statements
//! named again, in the format of `../tests.rs`.

use super::check;

#[test]
fn subjects_of_feature_style_sentences() {
    check(
        &[
            // speakers::subjects::sentence_subject: definite descriptors before the name of the
            // sentence's opening subject.
            (
                "يقف المزارع الستيني عبد الرزاق الفرجاني بين أشجار الزيتون، ويقول إن الموسم هو الأسوأ.",
                &["indirect «الموسم هو الأسوأ» speaker=عبد الرزاق الفرجاني cue=يقول to=-"],
            ),
            // speakers::subjects::common_noun_subject: a present verb opening its sentence takes
            // the noun after it as an unnamed speaker, and the bare verb after it goes on.
            (
                "وتؤكد زوجته فاطمة أنها باعت مصوغها الذهبي. وتضيف: \"لا أحد يسأل عنا\".",
                &[
                    "indirect «باعت مصوغها الذهبي» speaker=زوجته فاطمة cue=تؤكد to=-",
                    "direct «لا أحد يسأل عنا» speaker=زوجته فاطمة cue=تضيف to=-",
                ],
            ),
            // speakers::subjects::pick_subject: a person between commas after a mention is an
            // apposition naming the subject (`وكيل حداد، المحامي رامي عازار،`).
            (
                "قالت لينا حداد إن الحكم جائر. في المقابل، وصف وكيل حداد، المحامي رامي عازار، الحكم بأنه \"رسالة ترهيب\".",
                &[
                    "indirect «الحكم جائر» speaker=لينا حداد cue=قالت to=-",
                    "partial «رسالة ترهيب» speaker=رامي عازار cue=وصف to=-",
                ],
            ),
            // speakers::subjects::topic_subject: after `أما`, the phrase it opens is the subject of
            // the verb with `ف`.
            (
                "أما قادة المعارضة المنضوون في الائتلاف، فقالوا إن الحملة شابتها \"تجاوزات خطيرة\".",
                &["partial «تجاوزات خطيرة» speaker=قادة المعارضة cue=قالوا to=-"],
            ),
            // speakers::subjects::sentence_subject: an organization right after the opening verb
            // is the subject a participle goes on from.
            (
                "وهنأ الاتحاد المصري لكرة القدم الفريق الفائز في بيان، مؤكدا أن المباراة \"جسدت الروح الرياضية\".",
                &["partial «جسدت الروح الرياضية» speaker=الاتحاد المصري لكرة القدم cue=مؤكدا to=-"],
            ),
        ],
        "subjects of feature-style sentences",
    );
}

#[test]
fn fronted_plain_subjects_and_statements() {
    check(
        &[
            // speakers::subjects::plain_subject_before: after `غير أن`, a plural noun and a phrase
            // after a preposition before a plural verb.
            (
                "غير أن أطباء في المحافظة قالوا للجزيرة نت إن النقص \"ما زال يقلقنا\".",
                &["partial «ما زال يقلقنا» speaker=أطباء cue=قالوا to=لجزيرة نت"],
            ),
            // speakers::resolve: `في بيان` in the attribution zone makes the speaker the issuer
            // a later `البيان` points back to.
            (
                "أعلنت وزارة الصحة، في بيان صدر اليوم، أن المحافظة لم تسجل أي إصابة. وأضاف البيان أن الفرق \"غطت أكثر من 300 قرية\".",
                &[
                    "indirect «المحافظة لم تسجل أي إصابة» speaker=وزارة الصحة cue=أعلنت to=-",
                    "partial «غطت أكثر من 300 قرية» speaker=وزارة الصحة cue=أضاف to=-",
                ],
            ),
            // speakers::subjects::common_noun_subject: a document with no issuer named speaks.
            (
                "أظهرت بيانات دائرة الإحصاءات العامة أن معدل التضخم تراجع.",
                &["indirect «معدل التضخم تراجع» speaker=بيانات دائرة الإحصاءات العامة cue=أظهرت to=-"],
            ),
            // speakers::subjects::plain_subject_before: a definite subject before a present verb
            // opening a headline segment.
            (
                "خلاف حول الميزانية.. والمركزي يحذر: \"لا رواتب دون اتفاق\"\nنص.",
                &["direct «لا رواتب دون اتفاق» speaker=المركزي cue=يحذر to=-"],
            ),
            // speakers::subjects::common_noun_subject: a word before a place names a body, even
            // one beginning with `ك`.
            (
                "بدورها، ذكرت كهرباء لبنان في بيان أن أعمال الصيانة ستنتهي قريبا.",
                &["indirect «أعمال الصيانة ستنتهي قريبا» speaker=كهرباء لبنان cue=ذكرت to=-"],
            ),
        ],
        "fronted plain subjects and statements",
    );
}
