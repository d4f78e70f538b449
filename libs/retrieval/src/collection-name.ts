/** Collection names: letters, digits, "_" and "-", 1 to 64 of them (they appear in URLs and CLIs). */
export const COLLECTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** The rule in words, as a predicate: the message puts the field's name in front. */
export const COLLECTION_NAME_RULE = 'must be 1 to 64 letters, digits, "_" or "-"';

/** The rule in words, for messages that name the field it applies to. */
export const collectionNameRule = (field: string) => `${field} ${COLLECTION_NAME_RULE}`;
