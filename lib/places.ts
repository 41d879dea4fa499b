import { BadInputError } from './errors.js';
import { message } from './messages/index.js';

/**
 * Cities and their districts: reference data every subgraph shares. It changes with a
 * city's administrative reform, not with user activity, so it is versioned with the code
 * (like an enum) and every subgraph answers `City` and `District` from the same catalog.
 */
export interface Place {
  id: string;
  nameUk: string;
  nameEn: string;
}
export interface CityPlace extends Place {
  districts: readonly Place[];
}

export const CITIES: readonly CityPlace[] = [
  {
    id: 'kyiv',
    nameUk: 'Київ',
    nameEn: 'Kyiv',
    // The ten administrative districts (райони) of Kyiv since 2001.
    districts: [
      { id: 'kyiv-holosiivskyi', nameUk: 'Голосіївський район', nameEn: 'Holosiivskyi district' },
      { id: 'kyiv-darnytskyi', nameUk: 'Дарницький район', nameEn: 'Darnytskyi district' },
      { id: 'kyiv-desnianskyi', nameUk: 'Деснянський район', nameEn: 'Desnianskyi district' },
      { id: 'kyiv-dniprovskyi', nameUk: 'Дніпровський район', nameEn: 'Dniprovskyi district' },
      { id: 'kyiv-obolonskyi', nameUk: 'Оболонський район', nameEn: 'Obolonskyi district' },
      { id: 'kyiv-pecherskyi', nameUk: 'Печерський район', nameEn: 'Pecherskyi district' },
      { id: 'kyiv-podilskyi', nameUk: 'Подільський район', nameEn: 'Podilskyi district' },
      { id: 'kyiv-sviatoshynskyi', nameUk: 'Святошинський район', nameEn: 'Sviatoshynskyi district' },
      { id: 'kyiv-solomianskyi', nameUk: 'Солом\u02bcянський район', nameEn: 'Solomianskyi district' },
      { id: 'kyiv-shevchenkivskyi', nameUk: 'Шевченківський район', nameEn: 'Shevchenkivskyi district' },
    ],
  },
  {
    id: 'vinnytsia',
    nameUk: 'Вінницька міська територіальна громада',
    nameEn: 'Vinnytsia City Territorial Community',
    // The hromada has no administrative districts; these are its well-known parts
    // (мікрорайони), which residents and the city's services use to locate things.
    districts: [
      { id: 'vinnytsia-tsentr', nameUk: 'Центр', nameEn: 'City Centre' },
      { id: 'vinnytsia-stare-misto', nameUk: 'Старе місто', nameEn: 'Old Town' },
      { id: 'vinnytsia-zamostia', nameUk: 'Замостя', nameEn: 'Zamostia' },
      { id: 'vinnytsia-vyshenka', nameUk: 'Вишенька', nameEn: 'Vyshenka' },
      { id: 'vinnytsia-tiazhyliv', nameUk: 'Тяжилів', nameEn: 'Tiazhyliv' },
    ],
  },
];

const citiesById = new Map(CITIES.map((city) => [city.id, city]));
const districtsById = new Map(
  CITIES.flatMap((city) => city.districts.map((district) => [district.id, { ...district, cityId: city.id }] as const)),
);

export function findCity(id: string): CityPlace | undefined {
  return citiesById.get(id);
}

export function findDistrict(id: string): (Place & { cityId: string }) | undefined {
  return districtsById.get(id);
}

/** The city of a filter or input, or a clear error naming the field. */
export function requireCity(field: string, id: string): CityPlace {
  const city = findCity(id);
  if (!city) throw new BadInputError(field, message('place.unknownCity', { id, known: CITIES.map((c) => c.id) }));
  return city;
}

/** A district of a filter or input (of the given city, when one is given), or a clear error naming the field. */
export function requireDistrict(field: string, id: string, cityId?: string): Place & { cityId: string } {
  const district = findDistrict(id);
  if (!district || (cityId && district.cityId !== cityId)) {
    throw new BadInputError(field, message('place.unknownDistrict', { id, city: cityId }));
  }
  return district;
}
