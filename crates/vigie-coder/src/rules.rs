//! Rule packs: trigger words and patterns per language, loaded from data
//! files and matched over the folded tokens of a text.
//!
//! A rule file has one rule per line: a class name, white space, a pattern.
//! A pattern is a sequence of token specs separated by spaces:
//! - `attaque` matches the folded token exactly;
//! - `attaqu*` matches any token starting with `attaqu`;
//! - `frappe*|raid*` matches either alternative;
//! - `~3` skips zero to three tokens of the same sentence.
//!
//! `#` starts a comment. The classes and what they mean are in
//! `data/rules/README.md`.

use crate::CoderError;
use rustc_hash::FxHashMap;
use std::fmt;
use std::str::FromStr;
use vigie_text::Analysis;

/// What a matched pattern tells the coder. Triggers propose an event;
/// modifiers qualify the event of their sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    // Battles
    Clash,
    Attack,
    Ambush,
    Capture,
    Retake,
    // Explosions/Remote violence
    Air,
    Shelling,
    Ied,
    Suicide,
    Grenade,
    Chemical,
    AircraftDown,
    // Violence against civilians
    Kill,
    Abduct,
    Sexual,
    // Demonstrations
    Protest,
    Riot,
    Mob,
    // Strategic developments
    Agreement,
    Arrest,
    Change,
    Withdraw,
    Defuse,
    Base,
    Loot,
    Transfer,
    Coup,
    MassGrave,
    // Modifiers
    Disperse,
    Lethal,
    NoResistance,
    Brief,
    Civilian,
    Military,
    Drone,
    Statement,
    /// Crowds and communities (students, villagers, rioters): violence
    /// between them is mob violence when no armed group takes part.
    Crowd,
    /// "trois fois", "several times" after a trigger: a tally of past
    /// events, not one event.
    Tally,
    /// "cette", "this" before a trigger: an event already told.
    BackReference,
    /// "la lutte contre", "the fight against": a long campaign; the event
    /// words inside it are no event.
    Campaign,
    // A label that opens an ACLED-style note ("Property destruction:")
    // decides the event's type.
    LabelOther,
    LabelChange,
    LabelLoot,
    LabelAgreement,
    LabelArrest,
    LabelDefuse,
    LabelBase,
}

impl Class {
    const ALL: &'static [(&'static str, Class)] = &[
        ("clash", Class::Clash),
        ("attack", Class::Attack),
        ("ambush", Class::Ambush),
        ("capture", Class::Capture),
        ("retake", Class::Retake),
        ("air", Class::Air),
        ("shelling", Class::Shelling),
        ("ied", Class::Ied),
        ("suicide", Class::Suicide),
        ("grenade", Class::Grenade),
        ("chemical", Class::Chemical),
        ("aircraft-down", Class::AircraftDown),
        ("kill", Class::Kill),
        ("abduct", Class::Abduct),
        ("sexual", Class::Sexual),
        ("protest", Class::Protest),
        ("riot", Class::Riot),
        ("mob", Class::Mob),
        ("agreement", Class::Agreement),
        ("arrest", Class::Arrest),
        ("change", Class::Change),
        ("withdraw", Class::Withdraw),
        ("defuse", Class::Defuse),
        ("base", Class::Base),
        ("loot", Class::Loot),
        ("transfer", Class::Transfer),
        ("coup", Class::Coup),
        ("mass-grave", Class::MassGrave),
        ("disperse", Class::Disperse),
        ("lethal", Class::Lethal),
        ("no-resistance", Class::NoResistance),
        ("brief", Class::Brief),
        ("civilian", Class::Civilian),
        ("military", Class::Military),
        ("drone", Class::Drone),
        ("statement", Class::Statement),
        ("crowd", Class::Crowd),
        ("tally", Class::Tally),
        ("back-reference", Class::BackReference),
        ("campaign", Class::Campaign),
        ("label-other", Class::LabelOther),
        ("label-change", Class::LabelChange),
        ("label-loot", Class::LabelLoot),
        ("label-agreement", Class::LabelAgreement),
        ("label-arrest", Class::LabelArrest),
        ("label-defuse", Class::LabelDefuse),
        ("label-base", Class::LabelBase),
    ];

    pub fn name(self) -> &'static str {
        Class::ALL
            .iter()
            .find(|(_, c)| *c == self)
            .map(|(n, _)| *n)
            .unwrap_or("?")
    }

    /// The strategic development a label names.
    pub fn label_target(self) -> Option<Class> {
        Some(match self {
            Class::LabelOther => Class::Coup,
            Class::LabelChange => Class::Change,
            Class::LabelLoot => Class::Loot,
            Class::LabelAgreement => Class::Agreement,
            Class::LabelArrest => Class::Arrest,
            Class::LabelDefuse => Class::Defuse,
            Class::LabelBase => Class::Base,
            _ => return None,
        })
    }

    /// Whether a match of this class can start an event on its own.
    pub fn is_trigger(self) -> bool {
        !matches!(
            self,
            Class::Disperse
                | Class::Lethal
                | Class::NoResistance
                | Class::Brief
                | Class::Civilian
                | Class::Military
                | Class::Drone
                | Class::Statement
                | Class::Crowd
                | Class::Tally
                | Class::BackReference
                | Class::Campaign
        )
    }
}

impl FromStr for Class {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Class::ALL
            .iter()
            .find(|(n, _)| *n == s)
            .map(|(_, c)| *c)
            .ok_or_else(|| {
                let names: Vec<_> = Class::ALL.iter().map(|(n, _)| *n).collect();
                format!("unknown class {s:?} (known: {})", names.join(", "))
            })
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Alt {
    Exact(String),
    Prefix(String),
}

impl Alt {
    fn matches(&self, tok: &str) -> bool {
        match self {
            Alt::Exact(w) => tok == w,
            Alt::Prefix(p) => tok.starts_with(p.as_str()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Spec {
    Word(Vec<Alt>),
    Gap(usize),
}

/// One line of a rule file.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Stable id: `lang/class/pattern`.
    pub id: String,
    pub class: Class,
    specs: Vec<Spec>,
}

/// A rule matched in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub rule: usize,
    pub class: Class,
    /// Token range of the match.
    pub tokens: std::ops::Range<usize>,
}

/// All rules of one language, indexed by their first token.
#[derive(Debug, Clone, Default)]
pub struct RulePack {
    pub rules: Vec<Rule>,
    exact_first: FxHashMap<String, Vec<usize>>,
    /// `exact_first` for words of up to 7 bytes, keyed by
    /// [`vigie_text::short_key`]: most words of a text are short.
    exact_short: FxHashMap<u64, Vec<usize>>,
    /// The keys of `exact_first`: most tokens are told apart from them
    /// without hashing.
    exact_words: vigie_text::WordFilter,
    /// Rules whose first word is a prefix (`attaqu*`), in a trie of those
    /// prefixes: a token walks it once, byte by byte, instead of looking up
    /// each of its prefixes.
    prefix_first: PrefixTrie,
}

/// A byte trie whose nodes hold the rules of the prefix ending there.
/// Built node by node, then laid out flat (`freeze`): a token walks
/// contiguous arrays, the first byte by direct index.
#[derive(Debug, Clone)]
struct PrefixTrie {
    /// Node 0 is the root.
    nodes: Vec<TrieNode>,
    /// Child of the root for each first byte (`NONE`: no prefix starts so).
    root: Vec<u32>,
    /// Per node: its edges in `edges` and its rules in `rules`, as
    /// (start, length) pairs.
    spans: Vec<[u32; 4]>,
    /// Sorted by byte within a node: (byte, node).
    edges: Vec<(u8, u32)>,
    rules: Vec<usize>,
}

#[derive(Debug, Clone, Default)]
struct TrieNode {
    /// Sorted by byte: (byte, node).
    children: Vec<(u8, u32)>,
    rules: Vec<usize>,
}

const NONE: u32 = u32::MAX;

impl Default for PrefixTrie {
    fn default() -> Self {
        PrefixTrie {
            nodes: vec![TrieNode::default()],
            root: vec![NONE; 256],
            spans: Vec::new(),
            edges: Vec::new(),
            rules: Vec::new(),
        }
    }
}

impl PrefixTrie {
    fn insert(&mut self, prefix: &str, rule: usize) {
        let mut n = 0;
        for &b in prefix.as_bytes() {
            n = match self.nodes[n].children.binary_search_by_key(&b, |c| c.0) {
                Ok(k) => self.nodes[n].children[k].1 as usize,
                Err(k) => {
                    let id = self.nodes.len();
                    self.nodes.push(TrieNode::default());
                    self.nodes[n].children.insert(k, (b, id as u32));
                    id
                }
            };
        }
        self.nodes[n].rules.push(rule);
    }

    /// Lays the trie out flat; call after the last `insert`.
    fn freeze(&mut self) {
        self.root = vec![NONE; 256];
        for &(b, c) in &self.nodes[0].children {
            self.root[usize::from(b)] = c;
        }
        self.spans.clear();
        self.edges.clear();
        self.rules.clear();
        for n in &self.nodes {
            self.spans.push([
                self.edges.len() as u32,
                n.children.len() as u32,
                self.rules.len() as u32,
                n.rules.len() as u32,
            ]);
            self.edges.extend_from_slice(&n.children);
            self.rules.extend_from_slice(&n.rules);
        }
    }

    /// The rules of every prefix of `tok` (the empty prefix aside).
    fn each_prefix_of(&self, tok: &str, out: &mut Vec<usize>) {
        let bytes = tok.as_bytes();
        let Some(&b0) = bytes.first() else { return };
        let mut n = self.root[usize::from(b0)];
        if n == NONE {
            return;
        }
        let mut rest = bytes[1..].iter();
        loop {
            let [es, el, rs, rl] = self.spans[n as usize];
            out.extend_from_slice(&self.rules[rs as usize..(rs + rl) as usize]);
            let Some(&b) = rest.next() else { return };
            let edges = &self.edges[es as usize..(es + el) as usize];
            match edges.binary_search_by_key(&b, |c| c.0) {
                Ok(k) => n = edges[k].1,
                Err(_) => return,
            }
        }
    }
}

impl RulePack {
    /// Parses a rule file. `file` names it in errors.
    pub fn parse(lang: &str, file: &str, src: &str) -> Result<RulePack, CoderError> {
        let mut pack = RulePack::default();
        for (n, line) in src.lines().enumerate() {
            let err = |m: String| CoderError::Rule {
                file: file.to_string(),
                line: n + 1,
                message: m,
            };
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let (class, pattern) = line
                .split_once(char::is_whitespace)
                .ok_or_else(|| err("expected a class and a pattern".into()))?;
            let class: Class = class.parse().map_err(err)?;
            let specs = parse_pattern(pattern.trim()).map_err(err)?;
            let id = format!(
                "{lang}/{}/{}",
                class.name(),
                pattern.split_whitespace().collect::<Vec<_>>().join("_")
            );
            pack.rules.push(Rule { id, class, specs });
        }
        pack.index();
        Ok(pack)
    }

    fn index(&mut self) {
        for (i, r) in self.rules.iter().enumerate() {
            if let Some(Spec::Word(alts)) = r.specs.first() {
                for a in alts {
                    match a {
                        Alt::Exact(w) => {
                            self.exact_words.insert(w);
                            match vigie_text::short_key(w) {
                                Some(k) => self.exact_short.entry(k).or_default().push(i),
                                None => self.exact_first.entry(w.clone()).or_default().push(i),
                            }
                        }
                        Alt::Prefix(p) => self.prefix_first.insert(p, i),
                    }
                }
            }
        }
        self.prefix_first.freeze();
    }

    /// Every match in `a`, in text order; a match never crosses a sentence.
    pub fn find(&self, a: &Analysis) -> Vec<Match> {
        let mut out = Vec::new();
        let mut cands: Vec<usize> = Vec::new();
        for s in &a.sentences {
            for t in s.tokens.clone() {
                let tok = a.norm(t);
                cands.clear();
                if let Some(v) = self
                    .exact_words
                    .may_contain(tok)
                    .then(|| match vigie_text::short_key(tok) {
                        Some(k) => self.exact_short.get(&k),
                        None => self.exact_first.get(tok),
                    })
                    .flatten()
                {
                    cands.extend_from_slice(v);
                }
                self.prefix_first.each_prefix_of(tok, &mut cands);
                if cands.len() > 1 {
                    cands.sort_unstable();
                    cands.dedup();
                }
                for &r in &cands {
                    let rule = &self.rules[r];
                    // The rule was found by its first word, which matched
                    // this token: the rest is checked from the next one.
                    if let Some(end) = match_at(a, &rule.specs[1..], t + 1, s.tokens.end) {
                        out.push(Match {
                            rule: r,
                            class: rule.class,
                            tokens: t..end,
                        });
                    }
                }
            }
        }
        out
    }
}

fn parse_pattern(p: &str) -> Result<Vec<Spec>, String> {
    let mut specs = Vec::new();
    for part in p.split_whitespace() {
        if let Some(n) = part.strip_prefix('~') {
            let n: usize = n
                .parse()
                .map_err(|_| format!("bad gap {part:?}: expected ~N with N a number"))?;
            if n == 0 || n > 20 {
                return Err(format!("gap {part:?} must be between ~1 and ~20"));
            }
            if specs.is_empty() {
                return Err("a pattern cannot start with a gap".into());
            }
            specs.push(Spec::Gap(n));
            continue;
        }
        let mut alts = Vec::new();
        for alt in part.split('|') {
            if alt.is_empty() {
                return Err(format!("empty alternative in {part:?}"));
            }
            // Patterns are written as text reads; fold them like the text.
            if let Some(stem) = alt.strip_suffix('*') {
                let f = vigie_text::fold_str(stem);
                if f.is_empty() || f.contains('*') {
                    return Err(format!("bad prefix {alt:?}"));
                }
                alts.push(Alt::Prefix(f));
            } else {
                let f = vigie_text::fold_str(alt);
                if f.contains('*') {
                    return Err(format!("'*' only at the end of a word: {alt:?}"));
                }
                alts.push(Alt::Exact(f));
            }
        }
        specs.push(Spec::Word(alts));
    }
    if matches!(specs.last(), Some(Spec::Gap(_))) {
        return Err("a pattern cannot end with a gap".into());
    }
    if specs.is_empty() {
        return Err("empty pattern".into());
    }
    Ok(specs)
}

/// Matches `specs` at token `t`; returns the end of the match (exclusive).
fn match_at(a: &Analysis, specs: &[Spec], t: usize, limit: usize) -> Option<usize> {
    match specs.first() {
        None => Some(t),
        Some(Spec::Word(alts)) => {
            if t >= limit || !alts.iter().any(|x| x.matches(a.norm(t))) {
                return None;
            }
            match_at(a, &specs[1..], t + 1, limit)
        }
        Some(Spec::Gap(n)) => (0..=*n)
            .filter(|k| t + k <= limit)
            .find_map(|k| match_at(a, &specs[1..], t + k, limit)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_matches() {
        let pack = RulePack::parse(
            "fr",
            "test.rules",
            "# comment\nclash affrontement*|combats\ncapture pris|prise ~2 contrôle\nair frappe* ~2 drone*\n",
        )
        .unwrap();
        let a = vigie_text::analyse(
            "De violents affrontements. Le CSP a pris le contrôle du camp. Une frappe de drone.",
            None,
        );
        let m = pack.find(&a);
        let classes: Vec<_> = m.iter().map(|m| m.class).collect();
        assert_eq!(classes, vec![Class::Clash, Class::Capture, Class::Air]);
        assert_eq!(
            pack.rules[m[1].rule].id,
            "fr/capture/pris|prise_~2_contrôle"
        );
    }

    #[test]
    fn errors_name_the_line() {
        let e = RulePack::parse("fr", "x.rules", "clash combats\nbogus mot\n").unwrap_err();
        assert_eq!(
            e.to_string().split(':').take(2).collect::<Vec<_>>(),
            vec!["x.rules", "2"]
        );
        assert!(RulePack::parse("fr", "x.rules", "clash ~2 mot").is_err());
        assert!(RulePack::parse("fr", "x.rules", "clash mot ~x").is_err());
        assert!(RulePack::parse("fr", "x.rules", "clash").is_err());
    }

    #[test]
    fn no_match_across_sentences() {
        let pack = RulePack::parse("fr", "t", "capture pris ~3 controle").unwrap();
        let a = vigie_text::analyse("Ils ont pris. Le contrôle est perdu.", None);
        assert!(pack.find(&a).is_empty());
    }
}
