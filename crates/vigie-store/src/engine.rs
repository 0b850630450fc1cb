//! The ingest and merge engine both backends run. A backend only provides
//! the row operations of [`Tx`] inside its own transaction; everything that
//! decides what is stored lives here, once.

use crate::merge::{self, Report};
use crate::types::{DocStatus, HistoryEntry, IngestItem, IngestSummary, StoredEvent};
use crate::{RecodeItem, Result};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use vigie_model::{DateInterval, Document};

/// Document columns as the engine writes them.
pub(crate) struct DocRow<'a> {
    pub doc: &'a Document,
    pub hash: String,
    pub version: &'a str,
}

/// The row operations of one open transaction.
pub(crate) trait Tx {
    /// Content hash of the stored document with this id.
    fn doc_hash(&mut self, id: &str) -> Result<Option<String>>;
    /// Id of a stored document with this content hash.
    fn doc_with_hash(&mut self, hash: &str) -> Result<Option<String>>;
    /// Inserts or replaces a document (text, metadata, full-text index).
    fn put_doc(&mut self, row: &DocRow) -> Result<()>;
    /// The stored document (text and metadata) with this id.
    fn get_doc(&mut self, id: &str) -> Result<Option<Document>>;
    fn set_doc_version(&mut self, id: &str, version: &str) -> Result<()>;
    fn report_exists(&mut self, report_id: &str) -> Result<bool>;
    /// Reports of a document, with the cluster (stored event) they are in.
    fn doc_reports(&mut self, doc_id: &str) -> Result<Vec<(Report, Option<String>)>>;
    fn delete_doc_reports(&mut self, doc_id: &str) -> Result<()>;
    fn insert_report(&mut self, r: &Report) -> Result<()>;
    /// Every report that might be the same event as `r`: same family, date
    /// window within [`merge::MAX_GAP_DAYS`], place within a box a little
    /// wider than [`merge::MAX_KM`] or the same admin2. A superset; the
    /// engine decides.
    fn candidates(&mut self, r: &Report) -> Result<Vec<(Report, Option<String>)>>;
    fn cluster_members(&mut self, cluster_id: &str) -> Result<Vec<(Report, Option<String>)>>;
    fn delete_event(&mut self, event_id: &str) -> Result<()>;
    /// Stores a merged event and points its member reports at it.
    fn put_event(&mut self, e: &StoredEvent, members: &[&str]) -> Result<()>;
    fn add_history(&mut self, h: &HistoryEntry) -> Result<()>;
}

pub(crate) fn content_hash(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

pub(crate) fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

pub(crate) fn status(tx: &mut dyn Tx, id: &str, text: &str) -> Result<DocStatus> {
    let hash = content_hash(text);
    Ok(match tx.doc_hash(id)? {
        Some(h) if h == hash => DocStatus::Known,
        Some(_) => DocStatus::Updated,
        None if tx.doc_with_hash(&hash)?.is_some() => DocStatus::Known,
        None => DocStatus::New,
    })
}

pub(crate) fn ingest(tx: &mut dyn Tx, batch: &[IngestItem]) -> Result<IngestSummary> {
    let mut sum = IngestSummary::default();
    let mut work = Recluster::default();
    let mut fresh = BTreeSet::new();
    for item in batch {
        let doc = &item.document;
        match status(tx, &doc.id, &doc.text)? {
            DocStatus::Known => {
                sum.documents_known += 1;
                continue;
            }
            DocStatus::Updated => {
                sum.documents_updated += 1;
                work.remove_doc(tx, &doc.id)?;
            }
            DocStatus::New => sum.documents_new += 1,
        }
        tx.put_doc(&DocRow {
            doc,
            hash: content_hash(&doc.text),
            version: &item.extraction_version,
        })?;
        for r in reports_of(tx, doc, &item.events, &item.extraction_version)? {
            tx.insert_report(&r)?;
            fresh.insert(r.report_id.clone());
            work.seeds.push((r, None));
        }
    }
    let groups = work.run(tx)?;
    for g in groups {
        let n_fresh = g.iter().filter(|id| fresh.contains(*id)).count() as u64;
        if n_fresh == 0 {
            continue;
        }
        if n_fresh < g.len() as u64 {
            sum.events_merged += n_fresh;
        } else {
            sum.events_new += 1;
            sum.events_merged += n_fresh - 1;
        }
    }
    Ok(sum)
}

pub(crate) fn recode(tx: &mut dyn Tx, items: &[RecodeItem]) -> Result<Vec<HistoryEntry>> {
    let mut work = Recluster::default();
    let mut out = Vec::new();
    for item in items {
        let Some(doc) = tx.get_doc(&item.doc_id)? else {
            continue;
        };
        let old = tx.doc_reports(&doc.id)?;
        let old_version = old
            .first()
            .map(|(r, _)| r.extraction_version.clone())
            .unwrap_or_default();
        let old: BTreeMap<String, Report> = old
            .into_iter()
            .map(|(r, _)| (r.report_id.clone(), r))
            .collect();
        work.remove_doc(tx, &doc.id)?;
        let new = reports_of(tx, &doc, &item.events, &item.extraction_version)?;
        let mut h = HistoryEntry {
            doc_id: doc.id.clone(),
            at: now_rfc3339(),
            old_version,
            new_version: item.extraction_version.clone(),
            removed: vec![],
            added: vec![],
            changed: vec![],
        };
        let new_ids: BTreeSet<&str> = new.iter().map(|r| r.report_id.as_str()).collect();
        h.removed = old
            .keys()
            .filter(|k| !new_ids.contains(k.as_str()))
            .cloned()
            .collect();
        for r in &new {
            match old.get(&r.report_id) {
                None => h.added.push(r.report_id.clone()),
                Some(o) if o.event != r.event => h.changed.push(r.report_id.clone()),
                Some(_) => {}
            }
        }
        for r in new {
            tx.insert_report(&r)?;
            work.seeds.push((r, None));
        }
        tx.set_doc_version(&doc.id, &item.extraction_version)?;
        tx.add_history(&h)?;
        out.push(h);
    }
    work.run(tx)?;
    Ok(out)
}

/// Turns a document's events into reports with ids unique in the store.
fn reports_of(
    tx: &mut dyn Tx,
    doc: &Document,
    events: &[vigie_model::Event],
    version: &str,
) -> Result<Vec<Report>> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::with_capacity(events.len());
    for (i, ev) in events.iter().enumerate() {
        let mut id = if ev.event_id.trim().is_empty() {
            format!("{}:{}", doc.id, i + 1)
        } else {
            ev.event_id.clone()
        };
        // Ids come from the coder and should be unique; a clash with another
        // document's report gets this document's id as a prefix.
        if seen.contains(&id) || tx.report_exists(&id)? {
            id = format!("{}/{}", doc.id, id);
            let base = id.clone();
            let mut n = 2;
            while seen.contains(&id) || tx.report_exists(&id)? {
                id = format!("{base}#{n}");
                n += 1;
            }
        }
        seen.insert(id.clone());
        let mut event = ev.clone();
        event.event_id = id.clone();
        event.doc_id = doc.id.clone();
        out.push(Report {
            report_id: id,
            doc_id: doc.id.clone(),
            title: doc.title.clone(),
            url: doc.url.clone(),
            source: doc.source.clone(),
            published: doc.published.as_ref().map(DateInterval::header_string),
            extraction_version: version.to_string(),
            event,
        });
    }
    Ok(out)
}

/// Re-clusters the neighbourhood of changed reports: everything reachable
/// from the seeds through "same event" links is regrouped from scratch, so
/// the outcome is the same whatever order the reports arrived in.
#[derive(Default)]
struct Recluster {
    seeds: Vec<(Report, Option<String>)>,
    dead: BTreeSet<String>,
}

impl Recluster {
    /// Deletes a document's reports; their events are rebuilt without them.
    fn remove_doc(&mut self, tx: &mut dyn Tx, doc_id: &str) -> Result<()> {
        let old = tx.doc_reports(doc_id)?;
        let gone: BTreeSet<String> = old.iter().map(|(r, _)| r.report_id.clone()).collect();
        tx.delete_doc_reports(doc_id)?;
        self.seeds.retain(|(r, _)| !gone.contains(&r.report_id));
        for cid in old.into_iter().filter_map(|(_, c)| c) {
            if self.dead.insert(cid.clone()) {
                for m in tx.cluster_members(&cid)? {
                    if !gone.contains(&m.0.report_id) {
                        self.seeds.push(m);
                    }
                }
            }
        }
        Ok(())
    }

    /// Regroups and rewrites the affected events; returns the groups (report
    /// ids) now stored.
    fn run(self, tx: &mut dyn Tx) -> Result<Vec<Vec<String>>> {
        let mut visited: BTreeMap<String, Report> = BTreeMap::new();
        let mut links: Vec<(String, String)> = Vec::new();
        let mut old_clusters = self.dead;
        let mut queue = self.seeds;
        while let Some((r, cid)) = queue.pop() {
            if visited.contains_key(&r.report_id) {
                continue;
            }
            if let Some(c) = cid {
                old_clusters.insert(c);
            }
            if merge::mergeable(&r) {
                for (c, ccid) in tx.candidates(&r)? {
                    if c.report_id != r.report_id && merge::same_event(&r, &c).is_some() {
                        links.push((r.report_id.clone(), c.report_id.clone()));
                        if !visited.contains_key(&c.report_id) {
                            queue.push((c, ccid));
                        }
                    }
                }
            }
            visited.insert(r.report_id.clone(), r);
        }
        for c in &old_clusters {
            tx.delete_event(c)?;
        }
        let reports: Vec<Report> = visited.into_values().collect();
        let index: BTreeMap<&str, usize> = reports
            .iter()
            .enumerate()
            .map(|(i, r)| (r.report_id.as_str(), i))
            .collect();
        let pairs: Vec<(usize, usize)> = links
            .iter()
            .filter_map(|(a, b)| Some((*index.get(a.as_str())?, *index.get(b.as_str())?)))
            .collect();
        let mut out = Vec::new();
        for g in merge::cluster_linked(&reports, &pairs) {
            let members: Vec<&Report> = g.iter().map(|&i| &reports[i]).collect();
            if let Some(se) = merge::build(&members) {
                let ids: Vec<&str> = members.iter().map(|r| r.report_id.as_str()).collect();
                tx.put_event(&se, &ids)?;
                out.push(ids.iter().map(|s| s.to_string()).collect());
            }
        }
        Ok(out)
    }
}
