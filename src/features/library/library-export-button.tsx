import { useState } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { db } from '../../db/instance';
import { saveFile } from '../../ui/save-file';
import { librarySearch } from '../../search/client';
import type { LibraryQuery } from '../../search/library-index';

/** Saves every case study the list answers to `query` (not only the page shown) as a CSV file. */
export function LibraryExportButton({ query }: { query: LibraryQuery }) {
  const { t } = useTranslation('library');
  const [busy, setBusy] = useState(false);
  async function exportCsv() {
    setBusy(true);
    try {
      const answer = await librarySearch(db).query({ ...query, offset: 0, limit: Number.MAX_SAFE_INTEGER });
      const { caseStudiesCsv } = await import('./library-export');
      const stamp = new Date().toISOString().slice(0, 10);
      saveFile(
        await caseStudiesCsv(
          db,
          answer.items.map((item) => item.id),
        ),
        `ashar-case-studies-${stamp}.csv`,
      );
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="export-buttons">
      <button type="button" className="button" disabled={busy} onClick={() => void exportCsv()}>
        {t('exportCsv')}
      </button>
    </div>
  );
}
