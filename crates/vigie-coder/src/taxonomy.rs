//! ACLED's sub-event types, their event and disorder types and their rank in
//! ACLED's hierarchy, loaded from `data/rules/taxonomy.tsv`.

use crate::CoderError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubEventType {
    /// 1 is the highest in the hierarchy.
    pub rank: u8,
    pub name: String,
    pub event_type: String,
    pub disorder_type: String,
    /// Coded at the country's capital when its report names no place
    /// (the `unplaced` column).
    pub capital_when_unplaced: bool,
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    types: Vec<SubEventType>,
}

impl Taxonomy {
    pub fn parse(file: &str, src: &str) -> Result<Taxonomy, CoderError> {
        let mut types = Vec::new();
        for (n, line) in src.lines().enumerate() {
            let err = |m: String| CoderError::Rule {
                file: file.to_string(),
                line: n + 1,
                message: m,
            };
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() != 5 {
                return Err(err(format!(
                    "expected 5 tab-separated columns, found {}",
                    cols.len()
                )));
            }
            let rank: u8 = cols[0]
                .parse()
                .map_err(|_| err(format!("rank {:?} is not a number", cols[0])))?;
            if rank as usize != types.len() + 1 {
                return Err(err(format!(
                    "ranks must run 1, 2, 3 ... in order; found {rank}"
                )));
            }
            let capital_when_unplaced = match cols[4].trim() {
                "capital" => true,
                "-" => false,
                other => {
                    return Err(err(format!(
                        "unplaced must be \"capital\" or \"-\", not {other:?}"
                    )))
                }
            };
            types.push(SubEventType {
                rank,
                name: cols[1].trim().to_string(),
                event_type: cols[2].trim().to_string(),
                disorder_type: cols[3].trim().to_string(),
                capital_when_unplaced,
            });
        }
        if types.len() != 25 {
            return Err(CoderError::Rule {
                file: file.to_string(),
                line: src.lines().count(),
                message: format!("ACLED has 25 sub-event types, found {}", types.len()),
            });
        }
        Ok(Taxonomy { types })
    }

    pub fn get(&self, name: &str) -> Option<&SubEventType> {
        self.types.iter().find(|t| t.name == name)
    }

    pub fn all(&self) -> &[SubEventType] {
        &self.types
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_taxonomy_loads() {
        let t = Taxonomy::parse(
            "taxonomy.tsv",
            include_str!("../../../data/rules/taxonomy.tsv"),
        )
        .unwrap();
        assert_eq!(t.get("Armed clash").unwrap().event_type, "Battles");
        assert_eq!(
            t.get("Excessive force against protesters")
                .unwrap()
                .disorder_type,
            "Political violence; Demonstrations"
        );
        assert_eq!(t.all().len(), 25);
        assert!(t.get("Peaceful protest").unwrap().capital_when_unplaced);
        assert!(!t.get("Armed clash").unwrap().capital_when_unplaced);
    }

    #[test]
    fn bad_line_is_named() {
        let e = Taxonomy::parse("t.tsv", "# c\n1\tArmed clash\tBattles\n").unwrap_err();
        assert!(e.to_string().starts_with("t.tsv:2:"), "{e}");
    }
}
