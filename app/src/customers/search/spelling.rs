//! Typo correction for the search box: each typed word that no known word contains is replaced
//! by the closest word of the company names (a letter wrong, missing, extra or two swapped), when
//! one is close enough. The database proposes candidates by trigram distance; this decides.

/// The typed words worth correcting: letters and digits, 3 or more (shorter ones match anyway).
pub fn words(text: &str) -> Vec<String> {
    text.split(|character: char| !character.is_alphanumeric())
        .filter(|word| word.chars().count() >= 3)
        .map(str::to_owned)
        .collect()
}

/// How many edits a word of this length may be away: 1 up to 4 letters, 2 from 5.
fn allowed_edits(typed: &str) -> usize {
    if typed.chars().count() <= 4 { 1 } else { 2 }
}

/// The word `typed` was meant to be, among `candidates` (nearest first), or `None` when it is
/// already part of a known word (still being typed) or no candidate is close enough.
pub fn closest<'a>(typed: &str, candidates: &'a [String]) -> Option<&'a str> {
    if candidates.iter().any(|word| word.contains(typed)) {
        return None;
    }
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let distance = edit_distance(typed, candidate);
        if distance <= allowed_edits(typed) && best.is_none_or(|(least, _)| distance < least) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, word)| word)
}

/// `text` with each word that has a correction replaced by it; `None` when nothing changed.
pub fn corrected(text: &str, correction: impl Fn(&str) -> Option<String>) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut word = String::new();
    let mut flush = |word: &mut String, out: &mut String| {
        match correction(word) {
            Some(better) if better != *word => {
                out.push_str(&better);
                changed = true;
            }
            _ => out.push_str(word),
        }
        word.clear();
    };
    for character in text.chars() {
        if character.is_alphanumeric() {
            word.push(character);
        } else {
            flush(&mut word, &mut out);
            out.push(character);
        }
    }
    flush(&mut word, &mut out);
    changed.then_some(out)
}

/// Edits (insert, delete, replace, swap of neighbours) from `a` to `b`: the optimal string
/// alignment distance, so "nortwhind" is one edit from "northwind", not two.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows of the table: two back (for swaps), one back, and the current one.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            current[j] = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                current[j] = current[j].min(before[j - 2] + 1);
            }
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(words: &[&str]) -> Vec<String> {
        words.iter().map(|word| (*word).to_owned()).collect()
    }

    #[test]
    fn a_swap_is_one_edit_and_other_edits_count_one_each() {
        assert_eq!(edit_distance("nortwhind", "northwind"), 1);
        assert_eq!(edit_distance("ocpper", "copper"), 1);
        assert_eq!(edit_distance("contoso", "contoso"), 0);
        assert_eq!(edit_distance("contso", "contoso"), 1);
        assert_eq!(edit_distance("contosso", "contoso"), 1);
        assert_eq!(edit_distance("kontoso", "contoso"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("fabrikam", "contoso"), 8);
        assert_eq!(edit_distance("müler", "müller"), 1);
    }

    #[test]
    fn the_closest_candidate_within_reach_wins() {
        let candidates = owned(&["northern", "northwind", "north"]);
        assert_eq!(closest("nortwhind", &candidates), Some("northwind"));
        assert_eq!(closest("xyzzyplugh", &candidates), None);
        // Short words may be one edit away, not two.
        assert_eq!(closest("lbas", &owned(&["labs"])), Some("labs"));
        assert_eq!(closest("lxyz", &owned(&["labs"])), None);
    }

    #[test]
    fn a_word_being_typed_is_not_corrected() {
        assert_eq!(closest("northw", &owned(&["northwind"])), None);
        assert_eq!(closest("thwin", &owned(&["northwind"])), None);
    }

    #[test]
    fn only_the_misspelt_words_change_and_the_rest_of_the_text_stays() {
        let fix = |word: &str| (word == "nortwhind").then(|| "northwind".to_owned());
        assert_eq!(
            corrected("nortwhind traders (leeds)", fix),
            Some("northwind traders (leeds)".to_owned())
        );
        assert_eq!(corrected("northwind traders", fix), None);
    }

    #[test]
    fn words_worth_correcting_have_three_letters_or_more() {
        assert_eq!(
            words("ab contoso, x-ray 42 123"),
            owned(&["contoso", "ray", "123"])
        );
    }
}
