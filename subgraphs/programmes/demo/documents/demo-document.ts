/** A document as a city published it, shipped with the code (the build copies no other files) for the demo data. */
export interface DemoDocument {
  /** Its file name among the seed documents. */
  name: string;
  /** SHA-256 of its bytes, as published. */
  sha256: string;
  text: string;
}
