//! The WebAssembly boundary under wasm-bindgen-test (Node): offsets are UTF-16 code units that
//! slice the JavaScript string exactly, with Arabic, diacritics, tatweel, an emoji and Latin.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, JsString, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

fn field(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(name)).expect("the field exists")
}

fn number(object: &JsValue, name: &str) -> u32 {
    field(object, name).as_f64().expect("a number") as u32
}

#[wasm_bindgen_test]
fn offsets_slice_javascript_strings() {
    let text = "👍 قالَ بوتـــين لـCNN إن «التعاون مع الصين مهم جدا».";
    let js_text = JsString::from(text);
    let result = qawl::wasm::annotate(text).expect("annotating never fails");
    let entities = Array::from(&field(&result, "entities"));
    assert!(entities.length() >= 3, "Putin, CNN and China are found");
    for entity in entities.iter() {
        let slice = js_text.slice(number(&entity, "start"), number(&entity, "end"));
        assert_eq!(
            JsValue::from(slice),
            field(&entity, "text"),
            "UTF-16 offsets must slice the JS string"
        );
    }
    let cnn =
        entities.iter().find(|e| field(e, "text") == JsValue::from_str("CNN")).expect("CNN found");
    let expected = js_text.index_of("CNN", 0) as u32;
    assert_eq!(number(&cnn, "start"), expected, "the emoji counts as two UTF-16 units");
    let quotes = Array::from(&field(&result, "quotes"));
    let quote = quotes.get(0);
    let slice = js_text.slice(number(&quote, "start"), number(&quote, "end"));
    assert_eq!(String::from(slice), "التعاون مع الصين مهم جدا");
    let speaker = field(&quote, "speaker");
    assert_eq!(field(&speaker, "canonical"), JsValue::from_str("فلاديمير بوتين"));
    assert!(field(&quote, "addressee").is_object(), "لـCNN is the addressee");
}

#[wasm_bindgen_test]
fn absent_fields_are_null_and_samples_are_bundled() {
    let result =
        qawl::wasm::annotate("قال: كلام بلا قائل معروف هنا.").expect("annotating never fails");
    let quotes = Array::from(&field(&result, "quotes"));
    for quote in quotes.iter() {
        assert!(
            field(&quote, "addressee").is_null(),
            "absent participants are null, not undefined"
        );
    }
    let samples = Array::from(&qawl::wasm::samples().expect("samples"));
    assert_eq!(samples.length(), 5, "the five seed articles");
    assert!(field(&samples.get(0), "text").as_string().is_some_and(|t| t.contains("بوتين")));
}

#[wasm_bindgen_test]
fn a_personal_list_is_used_with_utf16_offsets() {
    let text = "👍 وافتتحت دار الحكمة معرضا في موسكو.";
    let js_text = JsString::from(text);
    let annotator = qawl::wasm::UserAnnotator::new("#! ORG\nدار الحكمة\tالحكمة\n")
        .unwrap_or_else(|_| panic!("the list parses"));
    assert_eq!(annotator.entries(), 1);
    let result = annotator.annotate(text).expect("annotating never fails");
    let entities = Array::from(&field(&result, "entities"));
    let found = entities
        .iter()
        .find(|e| field(e, "source") == JsValue::from_str("user:list"))
        .expect("the personal name is found, with its source");
    let slice = js_text.slice(number(&found, "start"), number(&found, "end"));
    assert_eq!(String::from(slice), "دار الحكمة", "UTF-16 offsets after an emoji");
    assert_eq!(field(&found, "label"), JsValue::from_str("ORG"));
    assert!(qawl::wasm::UserAnnotator::new("#! DATE\nx\n").is_err(), "a bad type is refused");
    let plain = Array::from(&field(&qawl::wasm::annotate(text).expect("annotate"), "entities"));
    assert!(
        !plain.iter().any(|e| field(&e, "source") == JsValue::from_str("user:list")),
        "the free function keeps the built-in lists only"
    );
}
