//! Entity table tests: one line per case, grouped by concern. The expected side marks every
//! entity as `[text|LABEL]` in the input.

use crate::span::Document;

fn mark(text: &str, document: &Document) -> String {
    let mut out = String::new();
    let mut at = 0;
    for entity in &document.entities {
        out.push_str(&text[at..entity.span.start]);
        out.push_str(&format!("[{}|{}]", entity.span.slice(text), entity.label));
        at = entity.span.end;
    }
    out.push_str(&text[at..]);
    out
}

fn check(cases: &[(&str, &str)], concern: &str) {
    let mut failures = Vec::new();
    for (text, expected) in cases {
        let got = mark(text, &crate::annotate(text));
        if got != *expected {
            failures.push(format!("  input:    {text}\n  expected: {expected}\n  got:      {got}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{concern}: {} case(s) differ\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn gazetteer_names_with_proclitics_and_variants() {
    check(
        &[
            ("وقال شي لبوتين", "وقال [شي|PER] ل[بوتين|PER]"),
            ("زار بوتن بكين وموسكو", "زار [بوتن|PER] [بكين|LOC] و[موسكو|LOC]"),
            ("تعاون بين روسيا والصين", "تعاون بين [روسيا|LOC] و[الصين|LOC]"),
            ("دعم للصين", "دعم ل[لصين|LOC]"),
            ("في لبنان وفرنسا والبحرين", "في [لبنان|LOC] و[فرنسا|LOC] و[البحرين|LOC]"),
            ("منظمة شنغهاي للتعاون وبريكس", "[منظمة شنغهاي للتعاون|ORG] و[بريكس|ORG]"),
            ("وفقا لـCNN ورويترز", "وفقا لـ[CNN|ORG] و[رويترز|ORG]"),
        ],
        "names from the lists",
    );
}

#[test]
fn folding_keeps_original_offsets() {
    check(
        &[
            ("قال بُوتِينُ", "قال [بُوتِينُ|PER]"),
            ("قال بوتـــين", "قال [بوتـــين|PER]"),
            ("وأكّد شي جين بينج", "وأكّد [شي جين بينج|PER]"),
        ],
        "diacritics and tatweel stay inside the spans",
    );
}

#[test]
fn titles_introduce_unknown_names() {
    check(
        &[
            (
                "مقابلة مع الصحفي الأمريكي تاكر كارلسون نشرت",
                "مقابلة مع الصحفي [الأمريكي|NORP] [تاكر كارلسون|PER] نشرت",
            ),
            ("وقال المستشار يوري أوشاكوف إن", "وقال المستشار [يوري أوشاكوف|PER] إن"),
            (
                "وزير الخارجية الصيني، وانغ يي، قال",
                "وزير الخارجية [الصيني|NORP]، [وانغ يي|PER]، قال",
            ),
            ("الرئيس الروسي سيناقش العلاقات", "الرئيس [الروسي|NORP] سيناقش العلاقات"),
        ],
        "title + name",
    );
}

#[test]
fn organizations_by_head_word() {
    check(
        &[
            ("أبلغ بنك تشوشو التجاري عملاءه", "أبلغ [بنك تشوشو التجاري|ORG] عملاءه"),
            ("العلاقات التي تجمع البلدين", "العلاقات التي تجمع البلدين"),
        ],
        "organization head words",
    );
}

#[test]
fn values_rules_find_their_examples() {
    check(
        &[
            ("الجمعة 9 فبراير.", "[الجمعة 9 فبراير|DATE]."),
            ("في 8 فبراير/شباط 2022 زار", "في [8 فبراير/شباط 2022|DATE] زار"),
            ("في مارس 2023 زار", "في [مارس 2023|DATE] زار"),
            ("في عام 2023.", "في [عام 2023|DATE]."),
            ("التاريخ : 04/02/2026", "التاريخ : [04/02/2026|DATE]"),
            ("أعلن اليوم الجمعة أن", "أعلن [اليوم الجمعة|DATE] أن"),
            ("زيارة موسكو العام المقبل.", "زيارة [موسكو|LOC] [العام المقبل|DATE]."),
            ("النشر: 8th, February 2024 GMT", "النشر: [8th, February 2024|DATE] GMT"),
            ("اتصل مساء اليوم", "اتصل [مساء اليوم|TIME]"),
            ("تبدأ الساعة 10:30 صباحا", "تبدأ [الساعة 10:30 صباحا|TIME]"),
            ("بلغ 227.7 مليار دولار", "بلغ [227.7 مليار دولار|MONEY]"),
            ("دفع 1,500 دولار", "دفع [1,500 دولار|MONEY]"),
            ("نحو 3.56 كوادريليون روبية", "نحو [3.56 كوادريليون روبية|MONEY]"),
            ("وصل نموه إلى 30%", "وصل نموه إلى [30%|PERCENT]"),
            ("ارتفع ١٢ في المئة", "ارتفع [١٢ في المئة|PERCENT]"),
        ],
        "dates, times, money, percentages",
    );
}

#[test]
fn mentions_of_one_entity_share_an_id() {
    let text = "قال فلاديمير بوتين إن بوتن سيزور الصين، وقال المستشار ماركوس فيلدمان إن فيلدمان";
    let document = crate::annotate(text);
    let id_of = |needle: &str| {
        let entity = document.entities.iter().find(|e| e.span.slice(text) == needle);
        entity.unwrap_or_else(|| panic!("{needle} not found in {document:?}")).id
    };
    assert_eq!(id_of("فلاديمير بوتين"), id_of("بوتن"), "spelling variants link through the list");
    assert_eq!(
        id_of("ماركوس فيلدمان"),
        id_of("فيلدمان"),
        "a surname links to the full name a rule found"
    );
    assert_ne!(id_of("بوتن"), id_of("الصين"));
    let repeat = document.entities.iter().find(|e| e.span.slice(text) == "فيلدمان").unwrap();
    assert_eq!(repeat.canonical, "ماركوس فيلدمان");
    assert_eq!(repeat.source, "rule:repeat");
}

#[test]
fn names_no_list_knows() {
    check(
        &[
            // rule:first-name
            ("وسجل يونس الحداوي هدفا", "وسجل [يونس الحداوي|PER] هدفا"),
            ("وقالت رانيا المنشاوي إن", "وقالت [رانيا المنشاوي|PER] إن"),
            ("وقال سالم بن علي البلوشي إن", "وقال [سالم بن علي البلوشي|PER] إن"),
            ("معاهدة حسن الجوار والصداقة", "معاهدة حسن الجوار والصداقة"),
            // A word with an attached pronoun ends a name.
            ("وقال وائل فهمي حزنه كبير", "وقال [وائل فهمي|PER] حزنه كبير"),
            ("وقعت الروائية عائشة الظاهري روايتها", "وقعت الروائية [عائشة الظاهري|PER] روايتها"),
            // A role after an honorific is a title, not a name.
            ("ونقل تحياته لسمو ولي العهد، وأكد", "ونقل تحياته لسمو ولي العهد، وأكد"),
            // A compound given name alone is a later mention of the full name.
            (
                "وقال عبد الرزاق الفرجاني إن الديون تتراكم. لكن عبد الرزاق يرد",
                "وقال [عبد الرزاق الفرجاني|PER] إن الديون تتراكم. لكن [عبد الرزاق|PER] يرد",
            ),
            // A listed surname goes on a given name.
            ("وقال عبد الرحيم الزياني إن", "وقال [عبد الرحيم الزياني|PER] إن"),
            ("نظام عالمي عادل قائم على القانون", "نظام عالمي عادل قائم على القانون"),
            // rule:nationality+name
            (
                "وافتتح المهاجم الكونغولي أرسين مبوكو التسجيل",
                "وافتتح المهاجم [الكونغولي|NORP] [أرسين مبوكو|PER] التسجيل",
            ),
            ("التعاون الروسي الصيني يخدم السلام", "التعاون [الروسي|NORP] [الصيني|NORP] يخدم السلام"),
            // rule:place-head and rule:facility
            ("في مدينة صحار", "في مدينة [صحار|LOC]"),
            ("أغلق مطار مسقط الدولي", "أغلق [مطار مسقط الدولي|LOC]"),
            ("جرفتها مياه وادي الجزي", "جرفتها مياه [وادي الجزي|LOC]"),
            // A compass word places a name; it is not part of it.
            ("وصلوا إلى قرية العوجا شمال أريحا", "وصلوا إلى قرية [العوجا|LOC] شمال [أريحا|LOC]"),
            ("من بلدية عقربا جنوب نابلس", "من [بلدية عقربا|ORG] جنوب [نابلس|LOC]"),
            // rule:dateline
            ("مسقط (العمانية) - أعلنت", "[مسقط|LOC] ([العمانية|ORG]) - أعلنت"),
            ("عنوان\nعمان - الغد\nأظهرت", "عنوان\n[عمان|LOC] - [الغد|ORG]\nأظهرت"),
            ("عنوان\nبيروت - \"المدن\"\nأصدرت", "عنوان\n[بيروت|LOC] - \"[المدن|ORG]\"\nأصدرت"),
            ("عنوان\nصفاقس - الصباح نيوز\nيقف", "عنوان\n[صفاقس|LOC] - [الصباح نيوز|ORG]\nيقف"),
            (
                "عنوان\nالقاهرة - محمد عبد الرحيم\nقررت",
                "عنوان\n[القاهرة|LOC] - [محمد عبد الرحيم|PER]\nقررت",
            ),
            ("عنوان\nالقاهرة - عمان - أعلنت", "عنوان\n[القاهرة|LOC] - [عمان|LOC] - أعلنت"),
            ("نيويورك - (وكالات) - عقد", "[نيويورك|LOC] - (وكالات) - عقد"),
            (
                "عمان 18 تشرين الثاني (بترا) - أقر",
                "[عمان|LOC] [18 تشرين الثاني|DATE] ([بترا|ORG]) - أقر",
            ),
            // rule:facility, with a construct name, a family name and a closing adjective
            ("قال مستشفى البصرة التعليمي إن", "قال [مستشفى البصرة التعليمي|LOC] إن"),
            ("على ملعب الطيب المهيري في", "على [ملعب الطيب المهيري|LOC] في"),
            ("في استاد برج العرب بالإسكندرية", "في [استاد برج العرب|LOC] ب[الإسكندرية|LOC]"),
            // rule:org-head, with coordination and complements
            ("أعلنت هيئة الدفاع المدني والإسعاف، أن", "أعلنت [هيئة الدفاع المدني والإسعاف|ORG]، أن"),
            ("صدرت عن دار الجنوب للنشر", "صدرت عن [دار الجنوب للنشر|ORG]"),
            // A name a list knows ends where the list's does.
            (
                "يمكن لمنظمة الصحة العالمية الوصول إلى المناطق",
                "يمكن ل[منظمة الصحة العالمية|ORG] الوصول إلى المناطق",
            ),
            ("ازدادت حركة الشاحنات", "ازدادت حركة الشاحنات"),
            // A complement ends on an adverb.
            ("ذكرت الوكالة الوطنية للإعلام نقلا عن", "ذكرت [الوكالة الوطنية للإعلام|ORG] نقلا عن"),
            // A body every company or court has is no name.
            ("وافق مجلس الإدارة على", "وافق مجلس الإدارة على"),
            // rule:org-head: outlets named by one definite word
            ("نقلت قناة العراقية عن", "نقلت [قناة العراقية|ORG] عن"),
            ("عبر شبكة الإنترنت", "عبر شبكة الإنترنت"),
            // rule:org-head: company names of common words
            ("قالت شركة نخلة للتقنية إنها", "قالت [شركة نخلة للتقنية|ORG] إنها"),
            ("أعلنت شركة الرياض المالية أن", "أعلنت [شركة الرياض المالية|ORG] أن"),
            ("وقالت شركة نفط الكويت إن", "وقالت [شركة نفط الكويت|ORG] إن"),
            ("تعمل شركة في المدينة", "تعمل شركة في المدينة"),
        ],
        "names from rules",
    );
}

#[test]
fn a_full_name_in_the_article_wins_over_a_listed_surname() {
    let text = "قالت الدكتورة سلام العاروري إن الوضع صعب. وأضافت العاروري أن الحل قريب.";
    let document = crate::annotate(text);
    let names: Vec<(&str, &str)> =
        document.entities.iter().map(|e| (e.span.slice(text), e.canonical.as_str())).collect();
    assert_eq!(names, [("سلام العاروري", "سلام العاروري"), ("العاروري", "سلام العاروري")]);
    assert_eq!(document.entities[0].id, document.entities[1].id, "one person, one id");
}

/// The phrase tables are searched by the hash of each reading's form, as `Words` works it out
/// once per text: a hash that differed from the form's own would find no phrase through that
/// reading (`للصين` read as `الصين`).
#[test]
fn every_reading_hash_is_the_hash_of_its_form() {
    let lexicon = crate::lexicon::Lexicon::builtin().unwrap();
    let text = "دعم للصين وبالرياض ولليمن، والأمم المتحدة قالت: «كتبت» 2024 CNN 🙂 بغداد";
    let tokens = crate::tokenize::Tokens::new(text, &lexicon);
    let words = super::Words::new(&tokens);
    let mut readings = 0;
    for at in 0..words.len() {
        let hashes = words.reading_hashes_at(at);
        assert_eq!(hashes.len(), words.readings(at).len(), "position {at}");
        for (&reading, &hash) in words.readings(at).iter().zip(hashes) {
            let form = reading.form(words.text(at));
            assert_eq!(hash, crate::lexicon::token_hash(&form), "{form} at {at}");
            readings += 1;
        }
    }
    assert!(readings > words.len(), "some words have more than one reading");
    assert!(words.readings(1).iter().any(|r| r.restores_alef), "للصين reads as الصين");
    assert!(words.reading_hashes_at(words.len()).is_empty(), "none past the end");
}
