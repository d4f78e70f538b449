/**
 * A collection's Lance table name: "c" and the name's bytes in hex. Table names become directory
 * names, and collection names differ by case ("Docs" and "docs") where a case-insensitive
 * filesystem or bucket browser would not; hex keeps them apart everywhere.
 */
export function tableNameOf(collection: string): string {
  return `c${Buffer.from(collection, 'utf8').toString('hex')}`;
}

/** The collection a table name belongs to, or undefined for a table that is not a collection's. */
export function collectionOfTable(table: string): string | undefined {
  if (!/^c(?:[0-9a-f]{2})+$/.test(table)) return undefined;
  return Buffer.from(table.slice(1), 'hex').toString('utf8');
}

/** A string as an SQL literal for Lance's filters (DataFusion SQL: quotes doubled, no backslash escapes). */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
