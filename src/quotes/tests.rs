//! Attribution table tests, one line per case, grouped by pattern. Each expected line reads
//! `kind «quoted words» speaker=<canonical> cue=<cue> to=<addressee>`; the rule that handles the
//! pattern is named in the group.

fn render(text: &str) -> Vec<String> {
    let document = crate::annotate(text);
    document
        .quotes
        .iter()
        .map(|q| {
            let speaker = q.speaker.as_ref().map_or("-".to_string(), |s| s.canonical.clone());
            let addressee = q.addressee.as_ref().map_or("-", |a| a.span.slice(text));
            let cue = q.cue.map_or("-", |c| c.slice(text));
            format!(
                "{} «{}» speaker={speaker} cue={cue} to={addressee}",
                q.kind,
                q.span.slice(text)
            )
        })
        .collect()
}

fn check(cases: &[(&str, &[&str])], pattern: &str) {
    let mut failures = Vec::new();
    for (text, expected) in cases {
        let got = render(text);
        if got != *expected {
            failures.push(format!(
                "  input:    {text}\n  expected: {expected:#?}\n  got:      {got:#?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{pattern}: {} case(s) differ\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn direct_quotes_after_cue_and_speaker() {
    // quote:marks, speakers::resolve (subject after the verb, addressee with ل).
    check(
        &[
            (
                "وقال شي لبوتين \"يجب على الجانبين تعزيز التعاون\".",
                &["direct «يجب على الجانبين تعزيز التعاون» speaker=شي جين بينغ cue=قال to=بوتين"],
            ),
            (
                "وقال الكرملين في بيان «نرحب بالحوار بين البلدين».",
                &["direct «نرحب بالحوار بين البلدين» speaker=الكرملين cue=قال to=-"],
            ),
            (
                "وأكد الرئيس الصيني شي جين بينغ التعاون. وأكد الرئيس الصيني: “لقد تجاوزنا المحن معا”.",
                &["direct «لقد تجاوزنا المحن معا» speaker=شي جين بينغ cue=أكد to=-"],
            ),
        ],
        "direct quotes",
    );
}

#[test]
fn partial_quotes_inside_sentences() {
    // quote:marks with a complementizer or other words between the cue and the marks.
    check(
        &[
            (
                "وقال الكرملين إن بوتين وشي \"أكدا أهمية التعاون الوثيق\".",
                &["partial «أكدا أهمية التعاون الوثيق» speaker=الكرملين cue=قال to=-"],
            ),
            (
                "وقال بوتين إن الطرفين سيواصلان \"التفاعلات الشخصية الوثيقة\" قريبا.",
                &["partial «التفاعلات الشخصية الوثيقة» speaker=فلاديمير بوتين cue=قال to=-"],
            ),
        ],
        "partial quotes",
    );
}

#[test]
fn bare_verbs_continue_the_last_speaker() {
    // speakers::resolve falls back on the last speaker that agrees with the verb.
    check(
        &[(
            "وقال شي إن الصين \"تدعم الحوار الدائم\". وأضاف أن بكين \"مستعدة للعمل مع روسيا\".",
            &[
                "partial «تدعم الحوار الدائم» speaker=شي جين بينغ cue=قال to=-",
                "partial «مستعدة للعمل مع روسيا» speaker=شي جين بينغ cue=أضاف to=-",
            ],
        )],
        "bare verbs",
    );
}

#[test]
fn colon_quotes() {
    // quote:headline-colon and quote:colon.
    check(
        &[
            (
                "بوتين: التعاون الروسي الصيني يخدم إنشاء نظام عالمي عادل\nنص الخبر.",
                &["colon «التعاون الروسي الصيني يخدم إنشاء نظام عالمي عادل» speaker=فلاديمير بوتين cue=: to=-"],
            ),
            (
                "وقال بوتين إن البلدين شريكان. وأضاف: روسيا والصين ستعملان سويا على خلق قدرات إضافية.",
                &[
                    "indirect «البلدين شريكان» speaker=فلاديمير بوتين cue=قال to=-",
                    "colon «روسيا والصين ستعملان سويا على خلق قدرات إضافية» speaker=فلاديمير بوتين cue=أضاف to=-",
                ],
            ),
            ("المصدر: صحيفة الاتحاد الإماراتية اليوم", &[]),
        ],
        "colon quotes",
    );
}

#[test]
fn indirect_quotes() {
    // quote:indirect: a speech verb, a complementizer, the clause to the end of the sentence.
    check(
        &[
            (
                "بدوره، قال يوري أوشاكوف المستشار في الرئاسة الروسية، اليوم الخميس، إن بوتين وشي رفضا التدخل في شؤون الدول الأخرى.",
                &["indirect «بوتين وشي رفضا التدخل في شؤون الدول الأخرى» speaker=يوري أوشاكوف cue=قال to=-"],
            ),
            (
                "وأعلنت الحكومة الروسية أن التبادل التجاري سيتجاوز 200 مليار دولار.",
                &["indirect «التبادل التجاري سيتجاوز 200 مليار دولار» speaker=الحكومة الروسية cue=أعلنت to=-"],
            ),
            ("يذكر أن الزيارة تأجلت مرتين.", &[]),
        ],
        "indirect quotes",
    );
}

#[test]
fn not_speech() {
    // Titles of works, hashtags and one-word scare quotes are not quotations.
    check(
        &[
            ("صدرت رواية \"ليل المدينة الطويل\" هذا العام.", &[]),
            ("انتشر وسم \"#أنقذوا_الأطفال\" بسرعة.", &[]),
            ("الحرب ضد \"الفاشية\" انتهت.", &[]),
        ],
        "not quotations",
    );
}

#[test]
fn every_mark_style_and_broken_marks() {
    // marks::pair: families, reversed and doubled marks, nesting, a mark left open.
    let said = |quoted: &str| format!("direct «{quoted}» speaker=فلاديمير بوتين cue=قال to=-");
    check(
        &[
            ("قال بوتين: “نريد السلام للجميع”.", &[&said("نريد السلام للجميع")]),
            ("قال بوتين: ”نريد السلام للجميع“.", &[&said("نريد السلام للجميع")]),
            ("قال بوتين: „نريد السلام للجميع“.", &[&said("نريد السلام للجميع")]),
            ("قال بوتين: »نريد السلام للجميع«.", &[&said("نريد السلام للجميع")]),
            ("قال بوتين: ‹نريد السلام للجميع›.", &[&said("نريد السلام للجميع")]),
            ("قال بوتين: ''نريد السلام للجميع''.", &[&said("نريد السلام للجميع")]),
            (
                "قال بوتين: «نرفض ما سماه الغرب \"العزلة الدولية\" لروسيا».",
                &[&said("نرفض ما سماه الغرب \"العزلة الدولية\" لروسيا")],
            ),
            ("قال بوتين: \"نريد السلام للجميع\nوفي سياق آخر.", &[&said("نريد السلام للجميع")]),
        ],
        "quotation marks",
    );
}

#[test]
fn speakers_resolved_across_the_article() {
    check(
        &[
            // mentions: a role tied to the name seen with it earlier.
            (
                "التقى الرئيس الصيني شي جين بينغ وفدا. وأكد الرئيس الصيني أن التعاون سيتعزز كثيرا.",
                &["indirect «التعاون سيتعزز كثيرا» speaker=شي جين بينغ cue=أكد to=-"],
            ),
            // mentions: a counterpart by nationality, and the one informed as addressee.
            (
                "وأبلغ الرئيس الروسي فلاديمير بوتين نظيره الصيني شي جين بينغ أن الزيارة مؤكدة تماما. وقال نظيره الصيني إن الموعد مناسب جدا.",
                &[
                    "indirect «الزيارة مؤكدة تماما» speaker=فلاديمير بوتين cue=أبلغ to=شي جين بينغ",
                    "indirect «الموعد مناسب جدا» speaker=شي جين بينغ cue=قال to=-",
                ],
            ),
            // speakers: a reported chain; the agency relays, Xi speaks.
            (
                "ونقلت وكالة شينخوا عن شي جين بينغ القول إن العام الحالي يصادف ذكرى مهمة.",
                &["indirect «العام الحالي يصادف ذكرى مهمة» speaker=شي جين بينغ cue=نقلت to=-"],
            ),
            // mentions: an unnamed source.
            (
                "وقال مصدر مسؤول إن المفاوضات ستستأنف الأسبوع المقبل.",
                &["indirect «المفاوضات ستستأنف الأسبوع المقبل» speaker=مصدر مسؤول cue=قال to=-"],
            ),
            // mentions: an institution named again by its head word.
            (
                "أطلقت وزارة الصحة حملة واسعة. وأضافت الوزارة أن اللقاح متوفر مجانا.",
                &["indirect «اللقاح متوفر مجانا» speaker=وزارة الصحة cue=أضافت to=-"],
            ),
            // speakers: a source marker and `فإن`.
            (
                "وبحسب وكالة رويترز، فإن الشحنات توقفت منذ أسبوع.",
                &["indirect «الشحنات توقفت منذ أسبوع» speaker=رويترز cue=بحسب to=-"],
            ),
            // speakers: an unnamed common noun, then the same noun with the article.
            (
                "وقال متعامل في أحد البنوك إن الطلب ارتفع بقوة. \"المستثمرون ينتظرون الأرقام المقبلة\"، أضاف المتعامل.",
                &[
                    "indirect «الطلب ارتفع بقوة» speaker=متعامل cue=قال to=-",
                    "direct «المستثمرون ينتظرون الأرقام المقبلة» speaker=متعامل cue=أضاف to=-",
                ],
            ),
            // speakers: gender agreement picks the speaker a bare verb continues.
            (
                "وقالت رانيا المنشاوي إن الأسعار مرتفعة. وقال يونس الحداوي إن الفريق جاهز. وأضافت أن الشركات تعاني كثيرا.",
                &[
                    "indirect «الأسعار مرتفعة» speaker=رانيا المنشاوي cue=قالت to=-",
                    "indirect «الفريق جاهز» speaker=يونس الحداوي cue=قال to=-",
                    "indirect «الشركات تعاني كثيرا» speaker=رانيا المنشاوي cue=أضافت to=-",
                ],
            ),
            // speakers: a subject before the verb after a complementizer.
            (
                "وذكرت وسائل إعلام رسمية أن الرئيس الصيني شي جين بينغ أبلغ نظيره الروسي فلاديمير بوتين بأنه يتعين على البلدين التنسيق.",
                &[
                    "indirect «الرئيس الصيني شي جين بينغ أبلغ نظيره الروسي فلاديمير بوتين بأنه يتعين على البلدين التنسيق» speaker=وسائل إعلام رسمية cue=ذكرت to=-",
                    "indirect «يتعين على البلدين التنسيق» speaker=شي جين بينغ cue=أبلغ to=فلاديمير بوتين",
                ],
            ),
        ],
        "speakers",
    );
}

#[test]
fn unnamed_speakers_and_groups() {
    check(
        &[
            // mentions: one of a group, with its complement, not the street after it.
            (
                "وقال أحد أصحاب المحلات التجارية بشارع محمد الخامس إن المشهد يتكرر كل شهر.",
                &["indirect «المشهد يتكرر كل شهر» speaker=أحد أصحاب المحلات التجارية cue=قال to=-"],
            ),
            // mentions: a crowd, and a group named by a plural participle.
            (
                "وجابت آلاف المشجعين الشوارع وهم يرددون \"بورسعيد يا أرض البطولات\".",
                &["direct «بورسعيد يا أرض البطولات» speaker=آلاف المشجعين cue=يرددون to=-"],
            ),
            (
                "وقال المحتجون إن مطالبهم لم تتحقق بعد.",
                &["indirect «مطالبهم لم تتحقق بعد» speaker=المحتجون cue=قال to=-"],
            ),
            // speakers: the complement of a construct noun is not the subject.
            (
                "قالت لينا حداد إن الحكم جائر. ووصف صديق حداد، رامي عازار، الحكم بأنه \"رسالة ترهيب لكل من يقترب من الملفات\".",
                &[
                    "indirect «الحكم جائر» speaker=لينا حداد cue=قالت to=-",
                    "partial «رسالة ترهيب لكل من يقترب من الملفات» speaker=رامي عازار cue=وصف to=-",
                ],
            ),
            // speakers: the agent after a verbal noun.
            (
                "جاءت المحادثات بعد إبلاغ بنك تشوشو التجاري عملاءه بأنهم سينهون عملياتهم هناك.",
                &["indirect «سينهون عملياتهم هناك» speaker=بنك تشوشو التجاري cue=إبلاغ to=-"],
            ),
            // mentions and kinds: a group before a headline colon; a profession as an unnamed
            // speaker, the cue not hidden behind `عدم ذكر`.
            (
                "مسيرة حاشدة للأساتذة.. ومحتجون: \"لن نعود إلى الأقسام\"\nنص.",
                &["direct «لن نعود إلى الأقسام» speaker=محتجون cue=- to=-"],
            ),
            (
                "قالت أستاذة قدمت من ورزازات، فضلت عدم ذكر اسمها: \"أدرس 42 تلميذا في قسم واحد\".",
                &["direct «أدرس 42 تلميذا في قسم واحد» speaker=أستاذة cue=قالت to=-"],
            ),
            // kinds: `بعد أن` opens no reported speech.
            ("وقال اللاعب للصحفيين مبتسما، بعد أن اختير أفضل لاعب في المباراة.", &[]),
        ],
        "unnamed speakers",
    );
}

#[test]
fn documents_and_joined_clauses() {
    check(
        &[
            // indirect::statement_after_in: a document after `جاء في` is the cue and the speaker,
            // for the partial quote and for the clause joined by `وأن` (indirect::reported_clause).
            (
                "وجاء في حيثيات الحكم أن المتهم \"استغل نفوذه للحصول على تخصيصات\"، وأن المحكمة اطمأنت إلى تقارير الخبراء.",
                &[
                    "partial «استغل نفوذه للحصول على تخصيصات» speaker=حيثيات cue=حيثيات to=-",
                    "indirect «المحكمة اطمأنت إلى تقارير الخبراء» speaker=حيثيات cue=حيثيات to=-",
                ],
            ),
            (
                "وجاء في التقرير أن متوسط درجات الحرارة ارتفع بمقدار درجتين.",
                &["indirect «متوسط درجات الحرارة ارتفع بمقدار درجتين» speaker=التقرير cue=التقرير to=-"],
            ),
            // indirect::indirect: a verb inside the source (`طلب`) does not claim `فإن` from `بحسب`.
            (
                "وبحسب مسؤول محلي طلب عدم الكشف عن هويته، فإن السلطات تلقت وعودا بشحنة وقود.",
                &["indirect «السلطات تلقت وعودا بشحنة وقود» speaker=مسؤول محلي cue=بحسب to=-"],
            ),
            // indirect::reported_clause: marks after a comma open a quote of their own;
            // kinds::source_after: the source named after the marks said them (the cue shows
            // the marker's first word).
            (
                "وكشفت مصادر دبلوماسية أن الرئيسين بحثا ملف الربط الكهربائي، \"دون الخوض في التفاصيل التقنية\"، على حد تعبير أحد المصادر.",
                &[
                    "indirect «الرئيسين بحثا ملف الربط الكهربائي» speaker=مصادر دبلوماسية cue=كشفت to=-",
                    "partial «دون الخوض في التفاصيل التقنية» speaker=أحد المصادر cue=على to=-",
                ],
            ),
            // speech_verbs.txt: a plural participle (`مؤكدين`) goes on from the group.
            (
                "وقال أطباء إن الردهات \"ممتلئة منذ أسبوعين\"، مؤكدين أن أغلب المرضى من الأطفال.",
                &[
                    "partial «ممتلئة منذ أسبوعين» speaker=أطباء cue=قال to=-",
                    "indirect «أغلب المرضى من الأطفال» speaker=أطباء cue=مؤكدين to=-",
                ],
            ),
        ],
        "documents and joined clauses",
    );
}

#[test]
fn subjects_in_context() {
    check(
        &[
            // speakers::subjects::pick_subject: a role tied to no one gives way to the person after it.
            (
                "وأكدت نائبة رئيس البنك الأهلي المصري دينا حلمي أن الشراكة ستخدم عملاء البنك.",
                &["indirect «الشراكة ستخدم عملاء البنك» speaker=دينا حلمي cue=أكدت to=-"],
            ),
            // speakers::subjects::is_governed: after `، و` a complement before the comma is not the
            // subject; sentence_subject takes the subject of the verb opening the sentence.
            (
                "ونقل وانغ يي تحيات الرئيس الصيني شي جين بينغ لسمو ولي العهد، وأكد أن بكين تنظر إلى الرياض بوصفها شريكا.",
                &["indirect «بكين تنظر إلى الرياض بوصفها شريكا» speaker=وانغ يي cue=أكد to=-"],
            ),
            // unnamed::pair_with_shared_name: a dual noun, a first name and a full name.
            (
                "وأما الشقيقتان حليمة وزينب آدم، فقد أكدتا أن نصف التلاميذ يغيبون عن الدراسة.",
                &["indirect «نصف التلاميذ يغيبون عن الدراسة» speaker=حليمة آدم وزينب آدم cue=أكدتا to=-"],
            ),
            // kinds::is_dateline: `المدينة - الوكالة:` opens the story, it quotes no one.
            (
                "الكويت - كونا: أكد وزير النفط فهد الحربي أن أي زيادة في الإنتاج ستكون \"تدريجية ومدروسة\".",
                &["partial «تدريجية ومدروسة» speaker=فهد الحربي cue=أكد to=-"],
            ),
            // kinds::is_name_in_marks: an outlet in marks after `لـ` is spoken to, not quoted.
            (
                "وقال المحامي أحمد حسن لـ\"المصري اليوم\" إن هيئة الدفاع ستطعن على الحكم.",
                &["indirect «هيئة الدفاع ستطعن على الحكم» speaker=أحمد حسن cue=قال to=المصري اليوم"],
            ),
            // kinds::is_name_in_marks: a name given after `الملقب بـ`.
            ("وسجل الهدف ياسين المرزوقي، الملقب بـ\"الصاروخ الأحمر\"، في الدقيقة العاشرة.", &[]),
            // speakers::resolve: after a relaying verb, the word after `عن` is the source even
            // with no entity there, and the agency relays.
            (
                "ونقلت الوكالة عن وانغ قوله إن البلدين اتفقا على عقد الدورة المقبلة.",
                &["indirect «البلدين اتفقا على عقد الدورة المقبلة» speaker=وانغ cue=قوله to=-"],
            ),
            // speakers::resolve and subjects::common_noun_subject: past a comma, the kunya after
            // the verb is the speaker, not the name in the place before the comma; the bare
            // feminine verb after it goes on with her.
            (
                "وفي حي الشيخ عثمان، قالت أم محمد: \"نقف في الطابور من الفجر\". وأضافت أن ابنها أصيب مرتين.",
                &[
                    "direct «نقف في الطابور من الفجر» speaker=أم محمد cue=قالت to=-",
                    "indirect «ابنها أصيب مرتين» speaker=أم محمد cue=أضافت to=-",
                ],
            ),
        ],
        "subjects in context",
    );
}

#[test]
fn verbal_nouns_groups_and_one_of_them() {
    check(
        &[
            // speakers::resolve: `بالقول` goes on from the sentence's verb; `الملف النووي
            // الإيراني` is a complement, and `النووي` an adjective, not a speaker.
            (
                "ورد المتحدث على سؤال بشأن الملف النووي الإيراني بالقول: الصين تدعم الحوار وتعارض العقوبات.",
                &["colon «الصين تدعم الحوار وتعارض العقوبات» speaker=المتحدث cue=القول to=-"],
            ),
            // kinds::is_name_in_marks: after a speech verb's own preposition, marks are speech;
            // speakers::subjects::subject_before: a one-word unnamed subject (`أحدهم`).
            (
                "غير أن أحدهم حذر من \"مخاطر الاحتيال الإلكتروني\".",
                &["partial «مخاطر الاحتيال الإلكتروني» speaker=أحدهم cue=حذر to=-"],
            ),
            // unnamed::is_group_noun: a plural of a relational adjective before a headline colon.
            (
                "التضخم يتراجع.. واقتصاديون: \"الأسعار لم تنخفض في جيب المواطن\"\nنص.",
                &["direct «الأسعار لم تنخفض في جيب المواطن» speaker=اقتصاديون cue=- to=-"],
            ),
            // speakers::resolve: with `أبلغ`, the counterpart is the one informed; the bare name
            // the tagger left is the unnamed subject.
            (
                "من جانبه، أبلغ وانغ نظيره السعودي أن الرئيس شي يتطلع إلى زيارة المملكة.",
                &["indirect «الرئيس شي يتطلع إلى زيارة المملكة» speaker=وانغ cue=أبلغ to=نظيره السعودي"],
            ),
            // speakers::subjects::subject_before: an unnamed source and its adjective before the verb;
            // `أظهرت` reports what data show.
            (
                "غير أن خبراء اقتصاديين أكدوا أن تراجع التضخم لا يعني تحسن القدرة الشرائية.",
                &["indirect «تراجع التضخم لا يعني تحسن القدرة الشرائية» speaker=خبراء اقتصاديين cue=أكدوا to=-"],
            ),
            (
                "وأظهرت بيانات البنك المركزي الأردني أن معدل التضخم تراجع إلى 1.6%.",
                &["indirect «معدل التضخم تراجع إلى 1.6%» speaker=البنك المركزي الأردني cue=أظهرت to=-"],
            ),
        ],
        "verbal nouns, groups and one of them",
    );
}

mod clauses;
mod subjects;
mod tables;
