// The store's errors, apart from the engines so that each engine's module can throw them.

export class StoreError extends Error {
  override name = 'StoreError';
}
