/**
 * Sets `record[key]` as an own, enumerable data property, whatever the key: a plain assignment
 * of `__proto__` would set the object's prototype instead (a tag value, a user id, can be any
 * string). Other keys are assigned, which keeps the object's fast properties.
 *
 * @param record - An ordinary object.
 * @param key - Any string.
 * @param value - The value to set.
 */
export function setOwn<Value>(record: Record<string, Value>, key: string, value: Value): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}
