/**
 * The fixed data of the gateway-overhead workload: the shape of the public federation
 * gateway benchmarks (a handful of users, products with stock, reviews linking both),
 * small enough that the subgraphs cost next to nothing and the gateway is what is measured.
 */
export interface BenchUser { id: string; name: string; username: string; birthday: number }
export interface BenchProduct { upc: string; name: string; price: number; weight: number; inStock: boolean }
export interface BenchReview { id: string; body: string; productUpc: string; authorId: string }

const NAMES = ['Olena Kovalenko', 'Taras Shevchuk', 'Iryna Bondar', 'Mykola Tkachenko', 'Sofiia Melnyk', 'Andrii Lysenko'];

export const USERS: BenchUser[] = NAMES.map((name, i) => ({
  id: String(i + 1),
  name,
  username: name.split(' ')[0]!.toLowerCase() + (i + 1),
  birthday: 631152000 + i * 86400 * 97,
}));

const PRODUCT_NAMES = ['Bench', 'Lantern', 'Bicycle rack', 'Planter', 'Drinking fountain', 'Bus shelter', 'Bookcase', 'Kiosk', 'Sign'];

export const PRODUCTS: BenchProduct[] = PRODUCT_NAMES.map((name, i) => ({
  upc: String(i + 1),
  name,
  price: [899, 1299, 15, 499, 1299, 6999, 3999, 100000, 9999][i]!,
  weight: [100, 1000, 20, 100, 1000, 300, 2000, 6000, 800][i]!,
  inStock: i % 3 !== 1,
}));

// Review bodies of a few hundred characters, as user-written reviews are.
const SENTENCES = [
  'The new bench by the river is sturdy and the wood has not cracked after a whole winter outside.',
  'Installation took the contractor two days longer than announced, and the path was closed all that time.',
  'Residents of the neighbouring houses asked for a second one near the playground; the district agreed.',
  'It would help if the maintenance schedule were published, because the paint already peels in places.',
  'Good value for the price, although the delivery to the square was late by more than a week.',
];
const body = (i: number) => Array.from({ length: 1 + (i % 4) }, (_, k) => SENTENCES[(i + k) % SENTENCES.length]).join(' ');

/** Eleven reviews: most products reviewed, the first ones more than once, every user an author. */
export const REVIEWS: BenchReview[] = [1, 1, 1, 1, 2, 2, 2, 2, 3, 4, 4].map((upc, i) => ({
  id: String(i + 1),
  body: body(i),
  productUpc: String(upc),
  authorId: String((i % USERS.length) + 1),
}));

/** The nested query of the public federation benchmarks: users → reviews → product → reviews → author. */
export const OVERHEAD_QUERY = /* GraphQL */ `
  fragment User on User { id username name }
  fragment Review on Review { id body }
  fragment Product on Product { inStock name price shippingEstimate upc weight }
  query TestQuery {
    users {
      ...User
      reviews {
        ...Review
        product {
          ...Product
          reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } }
        }
      }
    }
    topProducts {
      ...Product
      reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } }
    }
  }
`;
