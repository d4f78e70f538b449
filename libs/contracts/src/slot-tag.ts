/**
 * A key part as a Redis Cluster hash tag: keys that share `{part}` share a hash slot, which a
 * multi-key command, transaction or Lua script on a cluster requires. On one server (or a
 * Sentinel-managed master) the part stays bare, so keys keep the names they always had.
 */
export function slotTag(part: string, cluster: boolean): string {
  return cluster ? `{${part}}` : part;
}
