//! Steps 1 and 2 of the alignment: ids, then equal texts.

use std::collections::HashMap;

use super::hash::{Fx, text_hash};
use super::{Clauses, State};
use crate::par;

/// Pair clauses that carry the same id on both sides.
pub(super) fn ids<S: AsRef<str>>(old: &Clauses<S>, new: &Clauses<S>, state: &mut State) {
    for (i, j) in super::id_pairs(old, new) {
        state.pair(i, j);
        state.by_id[i] = true;
    }
}

/// Pair equal texts among the clauses ids left unmatched, each new clause with the first old
/// clause of the same text not yet taken; then undo id pairs whose texts differ where a text
/// of the pair is found unchanged on the other side (step 1 of the module docs). Returns, per
/// old clause, whether it is paired with an equal text.
pub(super) fn texts<S: AsRef<str> + Sync>(
    old: &Clauses<S>,
    new: &Clauses<S>,
    state: &mut State,
) -> Vec<bool> {
    let mut equal = vec![false; old.len()];
    let any_id_pair = state.by_id.iter().any(|&b| b);
    // Id pairs with equal texts are settled.
    if any_id_pair {
        for (i, eq) in equal.iter_mut().enumerate() {
            if let Some(j) = state.partner_of_old(i) {
                *eq = old.text(i) == new.text(j);
            }
        }
    }
    let hashes = |texts: &Clauses<S>| -> Vec<u64> {
        (0..texts.len()).map(|i| text_hash(texts.text(i))).collect()
    };
    let (old_hashes, new_hashes) =
        par::join_for(old.len() + new.len(), || hashes(old), || hashes(new));
    // Clauses free to pair by text: those ids left unmatched.
    pair_equal(
        old,
        new,
        &old_hashes,
        &new_hashes,
        state,
        &mut equal,
        |s, _, i, j| s.old_free(i) && s.new_free(j),
    );
    if any_id_pair {
        // An id pair of different texts, one of which is elsewhere unchanged: the text wins.
        let doubtful = |s: &State, i: usize, eq: &[bool]| s.by_id[i] && !eq[i];
        let old_doubt: Vec<bool> = (0..old.len()).map(|i| doubtful(state, i, &equal)).collect();
        let new_doubt: Vec<bool> = (0..new.len())
            .map(|j| state.partner_of_new(j).is_some_and(|i| old_doubt[i]))
            .collect();
        if old_doubt.iter().any(|&d| d) {
            pair_equal(
                old,
                new,
                &old_hashes,
                &new_hashes,
                state,
                &mut equal,
                |s, eq, i, j| {
                    let old_open = s.old_free(i) || (old_doubt[i] && !eq[i]);
                    let new_open = s.new_free(j)
                        || (new_doubt[j] && s.partner_of_new(j).is_some_and(|p| !eq[p]));
                    old_open && new_open && (old_doubt[i] || new_doubt[j])
                },
            );
        }
    }
    equal
}

/// Pair equal texts where `open(state, i, j)` allows, in new-document order, each new clause
/// with the first open old clause of its text. Pairing a clause that is in an id pair undoes
/// that pair first. A chain links the old clauses of one hash in order, so runs of a repeated
/// text pair in linear time.
fn pair_equal<S: AsRef<str>>(
    old: &Clauses<S>,
    new: &Clauses<S>,
    old_hashes: &[u64],
    new_hashes: &[u64],
    state: &mut State,
    equal: &mut [bool],
    open: impl Fn(&State, &[bool], usize, usize) -> bool,
) {
    let mut head: HashMap<u64, usize, Fx> =
        HashMap::with_capacity_and_hasher(old.len(), Fx::default());
    let mut next: Vec<usize> = vec![END; old.len()];
    for (i, &h) in old_hashes.iter().enumerate().rev() {
        if equal[i] {
            continue;
        }
        if let Some(after) = head.insert(h, i) {
            next[i] = after;
        }
    }
    for (j, h) in new_hashes.iter().enumerate() {
        let Some(first) = head.get_mut(h) else {
            continue;
        };
        let mut i = *first;
        while i != END && (equal[i] || !open(state, equal, i, j) || old.text(i) != new.text(j)) {
            i = next[i];
        }
        if i == END {
            continue;
        }
        if let Some(p) = state.partner_of_new(j) {
            state.unpair(p);
        }
        state.unpair(i);
        state.pair(i, j);
        equal[i] = true;
        while *first != END && equal[*first] {
            *first = next[*first];
        }
    }
}

/// The end of a chain in [`pair_equal`].
const END: usize = usize::MAX;
