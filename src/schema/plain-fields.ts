/** Per object type, its fields read straight off the parent object (no field resolver); filled by `buildSchema`. */
const plainFields = new Map<string, ReadonlySet<string>>();

export function setPlainFields(typeName: string, fields: readonly string[]): void {
  plainFields.set(typeName, new Set(fields));
}

/**
 * The fields of `typeName` that are a property of the parent object, read by graphql-js's
 * default resolver: a projection maps them to the column of the same property. A field with
 * a field resolver is not among them (it may read anything of its parent). Empty until the
 * schema is built.
 */
export function plainFieldsOf(typeName: string): ReadonlySet<string> {
  return plainFields.get(typeName) ?? new Set();
}
