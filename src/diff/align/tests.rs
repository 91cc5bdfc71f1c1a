use super::*;

fn s(texts: &[&str]) -> Vec<String> {
    texts.iter().map(ToString::to_string).collect()
}

fn sorted(mut m: Vec<Match>) -> Vec<Match> {
    m.sort_by_key(|m| (m.olds().first().copied(), m.news().first().copied()));
    m
}

#[test]
fn split_and_merge() {
    let old = s(&[
        "Alpha beta gamma delta, epsilon zeta eta theta iota kappa;",
        "Lambda mu nu xi omicron pi rho sigma tau;",
        "Upsilon phi chi psi omega one two three four;",
    ]);
    let new = s(&[
        "Alpha beta gamma delta;",
        "furthermore, epsilon zeta eta theta iota kappa;",
        "Lambda mu nu xi omicron pi rho sigma tau, and upsilon phi chi psi omega one two three four;",
    ]);
    assert_eq!(
        sorted(by_content(&old, &new)),
        [
            Match::Split {
                old: 0,
                new: vec![0, 1]
            },
            Match::Merge {
                old: vec![1, 2],
                new: 2
            },
        ]
    );
}

#[test]
fn a_split_part_elsewhere_is_found() {
    let old = s(&[
        "Strengthen judicial cooperation in criminal matters through joint investigation teams, and improve the exchange of passenger data between border authorities;",
        "Support vaccination campaigns in remote areas;",
        "Welcome the progress made on clean water;",
    ]);
    let new = s(&[
        "Strengthen judicial cooperation in criminal matters through joint investigation teams;",
        "Support vaccination campaigns in remote areas;",
        "Welcome the progress made on clean water;",
        "Further commit to improving the exchange of passenger data among border authorities;",
    ]);
    assert_eq!(
        sorted(by_content(&old, &new)),
        [
            Match::Split {
                old: 0,
                new: vec![0, 3]
            },
            Match::Pair { old: 1, new: 1 },
            Match::Pair { old: 2, new: 2 },
        ]
    );
}

#[test]
fn ids_anchor_and_content_aligns_the_rest() {
    let old = s(&[
        "Reaffirm our commitment to the protection of unaccompanied minors in all circumstances;",
        "Call for the dismantling of smuggling networks through regional platforms and targeted funding;",
        "Note with appreciation the work of civil society organisations on legal pathways;",
    ]);
    let new = s(&[
        "Reaffirm our commitment to the protection of unaccompanied minors;",
        "Call for the dismantling of smuggling networks;",
        "To this end, agree to pursue regional platforms and dedicated funding;",
        "Note with appreciation the work of civil society organisations on legal pathways;",
    ]);
    let old_ids = [Some("minors"), Some("networks"), None];
    let new_ids = [Some("minors"), Some("networks"), None, None];
    let a = align(
        &Clauses {
            texts: &old,
            ids: &old_ids,
            sections: &[],
        },
        &Clauses {
            texts: &new,
            ids: &new_ids,
            sections: &[],
        },
        &[],
    );
    assert_eq!(
        sorted(a.matches),
        [
            Match::Pair { old: 0, new: 0 },
            Match::Split {
                old: 1,
                new: vec![1, 2]
            },
            Match::Pair { old: 2, new: 3 },
        ]
    );
}

#[test]
fn ids_given_differently_yield_to_unchanged_text() {
    let old = s(&["Alpha beta gamma delta;", "Epsilon zeta eta theta;"]);
    let new = s(&["Epsilon zeta eta theta;", "Alpha beta gamma delta;"]);
    let old_ids = [Some("a"), Some("b")];
    // The new version's ids were made afresh, in its own order.
    let new_ids = [Some("a"), Some("b")];
    let a = align(
        &Clauses {
            texts: &old,
            ids: &old_ids,
            sections: &[],
        },
        &Clauses {
            texts: &new,
            ids: &new_ids,
            sections: &[],
        },
        &[],
    );
    assert_eq!(
        sorted(a.matches),
        [
            Match::Pair { old: 0, new: 1 },
            Match::Pair { old: 1, new: 0 }
        ]
    );
}

#[test]
fn unrelated_formulas_in_other_sections_are_not_paired() {
    let old = s(&[
        "Recall our commitment to the protection of children;",
        "Alpha beta gamma delta epsilon;",
        "Zeta eta theta iota kappa;",
        "Lambda mu nu xi omicron;",
    ]);
    let new = s(&[
        "Alpha beta gamma delta epsilon;",
        "Zeta eta theta iota kappa;",
        "Recall our commitment to the rule of law;",
        "Lambda mu nu xi omicron;",
    ]);
    let a = align(
        &Clauses {
            texts: &old,
            ids: &[],
            sections: &[0, 0, 1, 1],
        },
        &Clauses {
            texts: &new,
            ids: &[],
            sections: &[0, 1, 1, 1],
        },
        &[],
    );
    assert_eq!(
        sorted(a.matches),
        [
            Match::Pair { old: 1, new: 0 },
            Match::Pair { old: 2, new: 1 },
            Match::Pair { old: 3, new: 3 },
        ]
    );
}
