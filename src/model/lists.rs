//! Two lists that are almost always both empty, held so that they cost nothing when they are.

/// Two lists, boxed together, and nothing (8 bytes, no allocation) when both are empty.
/// Every clause and every change holds one such pair of bracket lists and most have none:
/// two `Vec`s in place would be 48 bytes each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RareLists<A, B>(Option<Box<(Vec<A>, Vec<B>)>>);

impl<A, B> Default for RareLists<A, B> {
    fn default() -> Self {
        RareLists(None)
    }
}

impl<A, B> RareLists<A, B> {
    #[must_use]
    pub fn new(first: Vec<A>, second: Vec<B>) -> Self {
        if first.is_empty() && second.is_empty() {
            return RareLists(None);
        }
        RareLists(Some(Box::new((first, second))))
    }

    #[must_use]
    pub fn first(&self) -> &[A] {
        self.0.as_ref().map_or(&[], |lists| &lists.0)
    }

    #[must_use]
    pub fn second(&self) -> &[B] {
        self.0.as_ref().map_or(&[], |lists| &lists.1)
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }
}
