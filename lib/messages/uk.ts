import type { Role } from '../identity.js';
import { SUBGRAPH_NAMES, SUBGRAPH_SERVICE_NAMES, type SubgraphName } from '../subgraphs.js';
import { fieldLabelCapitalised } from './fields.js';
import { cityName, countUk, districtName, joined, quote, type UkForms } from './format.js';
import type { AnswerAt, Bilingual, Catalogue, Thing } from './types.js';

/* The Ukrainian messages: the same keys and parameters as lib/messages/en.ts. */

const F = (path: string) => fieldLabelCapitalised('uk', path);
const SYMBOL: UkForms = { one: 'символ', few: 'символи', many: 'символів' };
const characters = (n: number) => countUk(n, SYMBOL);
/** A person's text in Ukrainian, quoted (always written: Ukrainian is every text's first language). */
const quoted = (text: Bilingual) => ` ${quote('uk', text.uk)}`;
const answerAt = (p: AnswerAt) => `Відповідь ${p.answer} (питання ${p.question}${quoted(p.questionText)})`;
const ids = (values: readonly string[]) => joined(values.map((value) => quote('uk', value)));

/** What a NOT_FOUND names, as the object of "… не знайдено". */
const THINGS: Record<Thing, string> = {
  petition: 'петицію',
  consultation: 'консультацію',
  heritageObject: 'памʼятку',
  heritageReport: 'повідомлення про стан памʼятки',
  organisation: 'організацію',
  programme: 'програму',
  programmeReport: 'звіт програми',
  measure: 'захід',
  progressEntry: 'запис про виконання заходу',
  webhook: 'вебхук',
};

/** "Сервіс …": whose service. */
// Each subgraph's service as messages name it, from the one list of subgraphs.
const SERVICES: Record<SubgraphName, string> = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, SUBGRAPH_SERVICE_NAMES[name].uk])) as Record<SubgraphName, string>;

const ROLES: Record<Role, string> = {
  resident: 'мешканець',
  moderator: 'модератор',
  official: 'посадова особа',
  registrar: 'реєстратор',
  inspector: 'інспектор',
  developer: 'розробник',
  integrator: 'інтегратор',
};

/** Statuses agree with their noun: petitions, consultations and organisations are feminine, reports (повідомлення) neuter. */
export const PETITION_STATUSES_UK: Readonly<Record<string, string>> = { MODERATION: 'на модерації', OPEN: 'відкрита', CLOSED: 'закрита', REJECTED: 'відхилена' };
export const CONSULTATION_STATUSES_UK: Readonly<Record<string, string>> = { PLANNED: 'запланована', OPEN: 'відкрита', CLOSED: 'закрита' };
export const ORGANISATION_STATUSES_UK: Readonly<Record<string, string>> = {
  PENDING: 'на розгляді',
  REGISTERED: 'зареєстрована',
  DECLINED: 'відхилена',
  SUSPENDED: 'призупинена',
  LIQUIDATED: 'ліквідована',
};
export const REPORT_STATUSES_UK: Readonly<Record<string, string>> = { PENDING: 'на розгляді', ACCEPTED: 'прийняте', DECLINED: 'відхилене' };
const word = (words: Readonly<Record<string, string>>, value: string) => words[value] ?? value;

/** Survey question kinds, as the subject of a sentence. */
export const QUESTION_KINDS_UK: Readonly<Record<string, string>> = {
  TEXT: 'текстове питання',
  SCALE: 'питання зі шкалою',
  SINGLE_CHOICE: 'питання з одним варіантом',
  MULTIPLE_CHOICE: 'питання з кількома варіантами',
};

/** What each GeoJSON query parameter takes. */
const GEOJSON_HINTS: Readonly<Record<string, string>> = {
  lat: 'потрібне число від -90 до 90',
  lng: 'потрібне число від -180 до 180',
  radiusMeters: 'потрібна ціла кількість метрів',
  bbox: 'потрібні чотири числа: захід, південь, схід, північ',
  limit: 'потрібне ціле число від 1 до 1000',
};

const limit = (what: string) => (p: { max: number; found: number }) => `Перевищено ліміт ${what} (${p.max}): у запиті ${p.found}.`;

export const uk: Catalogue = {
  // Введення будь-де
  'input.required': (p) => `${F(p.field)}: обовʼязкове поле.`,
  'text.empty': (p) => `${F(p.field)}: поле не може бути порожнім.`,
  'text.tooShort': (p) => `${F(p.field)}: потрібно щонайменше ${characters(p.min)}, а надіслано ${p.length}.`,
  'text.tooLong': (p) => `${F(p.field)}: дозволено щонайбільше ${characters(p.max)}, а надіслано ${p.length}.`,
  'text.controlCharacter': (p) => `${F(p.field)}: містить керівний символ U+${p.codePoint} (позиція ${p.position}); такі символи не допускаються.`,
  'text.loneSurrogate': (p) => `${F(p.field)}: містить непарний сурогатний символ, тобто не є коректним текстом Юнікоду.`,
  'date.outOfRange': (p) => `${F(p.field)}: потрібні дата й час у форматі RFC 3339 у межах 1900–9999 років, наприклад 2027-03-01T09:00:00Z.`,
  'date.notDay': (p) => `${F(p.field)}: потрібна дата у форматі РРРР-ММ-ДД, а надіслано ${quote('uk', p.value)}.`,
  'year.outOfRange': (p) => `Рік має бути від ${p.min} до ${p.max}.`,
  'link.tooLong': (p) => `${F(p.field)}: посилання може мати щонайбільше ${characters(p.max)}.`,
  'link.notAbsolute': (p) => `${F(p.field)}: потрібне повне посилання, що починається з https://.`,
  'link.notHttps': (p) => `${F(p.field)}: посилання має починатися з https://.`,
  'link.credentials': (p) => `${F(p.field)}: посилання не може містити імені користувача чи пароля.`,
  'link.ipAddress': (p) => `${F(p.field)}: посилання має називати доменне імʼя, а не IP-адресу.`,
  'link.notPublic': (p) => `${F(p.field)}: посилання має вести на загальнодоступний сайт.`,
  'decimal.notString': (p) => `${F(p.field)}: потрібне десяткове число, записане рядком, наприклад "1234.5".`,
  'decimal.malformed': (p) => `${F(p.field)}: потрібне десяткове число на зразок "1234.5" (з крапкою, без пробілів і степеня), а надіслано ${quote('uk', p.value)}.`,
  'decimal.negative': (p) => `${F(p.field)}: число не може бути відʼємним.`,
  'decimal.tooPrecise': (p) => `${F(p.field)}: щонайбільше ${countUk(p.max, { one: 'знак', few: 'знаки', many: 'знаків' })} після крапки.`,
  'page.size': (p) => `Розмір сторінки має бути від 0 до ${p.max}, а надіслано ${p.size}.`,
  'cursor.malformed': () => 'Некоректний курсор: передайте курсор, який цей сервіс повернув для того самого списку й порядку.',
  'cursor.otherList': () => 'Цей курсор належить іншому списку або іншому порядку.',
  'id.unknown': (p) => `${F(p.field)}: невідомий ідентифікатор ${quote('uk', p.id)}.`,
  'place.unknownCity': (p) => `Невідоме місто ${quote('uk', p.id)}; відомі міста: ${ids(p.known)}.`,
  'place.unknownDistrict': (p) => `Невідомий район ${quote('uk', p.id)}${p.city ? ` (${cityName('uk', p.city)})` : ''}.`,
  'place.districtOfOtherCity': (p) => `${districtName('uk', p.district)} не входить до складу: ${cityName('uk', p.city)}.`,
  'reference.notFound': (p) => `Не знайдено ${THINGS[p.thing]} ${quote('uk', p.id)}.`,
  'reference.unknownOrganisation': () => 'Невідома організація.',
  'reference.unknownOrganisations': (p) => `Невідома або незареєстрована організація: ${joined(p.ids)}.`,
  'reference.unknownHeritageObject': () => 'Невідома памʼятка.',
  'reference.unknownHeritageObjects': (p) => `Невідома памʼятка: ${joined(p.ids)}.`,
  'reference.unknownMeasure': (p) => `Невідомий захід ${quote('uk', p.id)}.`,
  'reference.measureOfOtherCity': (p) => `Захід ${quote('uk', p.id)} належить до програми іншого міста.`,

  // Хто що може
  'auth.signInRequired': () => 'Увійдіть, щоб це зробити.',
  'auth.staffOnly': (p) => `Це можуть робити лише працівники з роллю ${p.roles.map((role) => quote('uk', ROLES[role])).join(' або ')}.`,
  'auth.roleInCity': (p) => `Це може зробити лише ${ROLES[p.role]} (${cityName('uk', p.city)}).`,
  'auth.ownParticipationOnly': () => 'Участь мешканця бачить лише сам мешканець.',
  'auth.gatewayOnly': () => 'Цей сервіс відповідає лише шлюзу.',
  'auth.representativeOnlyDocuments': () => 'Документи організації може оприлюднювати лише її представник.',
  'auth.representativeOnlyRepresentatives': () => 'Додавати представників організації може лише її представник.',

  // Сервіси
  'service.peerUnavailable': (p) => `Сервіс ${(SERVICES[p.service as SubgraphName] ?? p.service)} не відповів; спробуйте трохи згодом.`,
  'service.unavailable': (p) => `Сервіс ${(SERVICES[p.service as SubgraphName] ?? p.service)} не відповів, тож його поля у відповіді порожні (null).`,
  'internal': () => 'Внутрішня помилка сервера.',

  // Петиції
  'petition.tooManyHeritageObjects': (p) => `Петиція може називати щонайбільше ${countUk(p.max, { one: 'памʼятку', few: 'памʼятки', many: 'памʼяток' })}.`,
  'petition.notInModeration': (p) => `Ця петиція ${word(PETITION_STATUSES_UK, p.status)}, а не на модерації.`,
  'petition.justModerated': () => 'Інший модератор щойно ухвалив рішення щодо цієї петиції.',
  'petition.notOpen': (p) => `Підписати можна лише відкриту петицію, а ця — ${word(PETITION_STATUSES_UK, p.status)}.`,
  'petition.alreadyAnswered': () => 'На цю петицію вже відповіли.',
  'petition.belowThreshold': () => 'Ця петиція не набрала потрібної для міста кількості підписів.',

  // Консультації та опитування
  'consultation.cityFixed': () => 'Консультацію не можна перенести до іншого міста.',
  'consultation.opensInPast': () => 'Консультацію планують заздалегідь: дата початку має бути в майбутньому.',
  'consultation.closesBeforeOpens': () => 'Дата завершення має бути пізніше за дату початку.',
  'consultation.onlyPlannedEditable': (p) => `Редагувати можна лише заплановану консультацію, а ця — ${word(CONSULTATION_STATUSES_UK, p.status)}.`,
  'consultation.justOpened': () => 'Ця консультація щойно відкрилася, і її вже не можна редагувати.',
  'consultation.outcomeBeforeClose': (p) => `Підсумок оприлюднюють після завершення консультації, а вона ${word(CONSULTATION_STATUSES_UK, p.status)}.`,
  'consultation.outcomePublished': () => 'Підсумок цієї консультації вже оприлюднено.',
  'consultation.noSurvey': () => 'У цій консультації немає опитування.',
  'consultation.notOpen': (p) => `Відповіді приймає лише відкрита консультація, а ця — ${word(CONSULTATION_STATUSES_UK, p.status)}.`,
  'consultation.answeredDifferently': (p) => `Ви вже відповіли на консультацію ${p.id}${quoted(p.title)} інакше; відповіді змінити не можна.`,
  'survey.tooManyQuestions': (p) => `Опитування може мати щонайбільше ${countUk(p.max, { one: 'питання', few: 'питання', many: 'питань' })}.`,
  'survey.choiceOptionCount': (p) => `${F(p.field)}: питання з вибором потребує від ${p.min} до ${p.max} варіантів відповіді.`,
  'survey.noOptionsForKind': (p) => `${F(p.field)}: ${QUESTION_KINDS_UK[p.kind] ?? 'це питання'} не має варіантів відповіді.`,
  'survey.optionsEnMismatch': (p) => `${F(p.field)}: дайте англійський текст для кожного варіанта або для жодного.`,
  'survey.duplicateOptions': (p) => `${F(p.field)}: два варіанти мають однаковий текст.`,
  'answer.unknownQuestion': (p) => `Відповідь ${p.answer}: питання ${quote('uk', p.questionId)} немає в цьому опитуванні.`,
  'answer.duplicate': (p) => `${answerAt(p)}: на це питання відповіли двічі.`,
  'answer.optionsOnly': (p) => `${answerAt(p)}: на питання з вибором відповідають лише обраними варіантами.`,
  'answer.exactlyOneOption': (p) => `${answerAt(p)}: оберіть рівно один варіант, а не ${p.count}.`,
  'answer.noOption': (p) => `${answerAt(p)}: оберіть хоча б один варіант.`,
  'answer.optionTwice': (p) => `${answerAt(p)}: один варіант обрано двічі.`,
  'answer.unknownOption': (p) => `${answerAt(p)}: варіанта ${quote('uk', p.optionId)} немає серед варіантів цього питання.`,
  'answer.textOnly': (p) => `${answerAt(p)}: на текстове питання відповідають лише текстом.`,
  'answer.controlCharacter': (p) => `${answerAt(p)}: відповідь містить керівний символ U+${p.codePoint} (позиція ${p.position}); такі символи не допускаються.`,
  'answer.loneSurrogate': (p) => `${answerAt(p)}: відповідь містить непарний сурогатний символ, тобто не є коректним текстом Юнікоду.`,
  'answer.emptyText': (p) => `${answerAt(p)}: відповідь порожня.`,
  'answer.textTooLong': (p) => `${answerAt(p)}: відповідь довша за ${characters(p.max)}.`,
  'answer.valueOnly': (p) => `${answerAt(p)}: на питання зі шкалою відповідають лише значенням.`,
  'answer.valueRange': (p) => `${answerAt(p)}: значення має бути цілим числом від ${p.min} до ${p.max}.`,
  'answer.requiredQuestion': (p) => `Питання ${p.question}${quoted(p.questionText)} обовʼязкове.`,

  // Культурна спадщина
  'geo.latitude': (p) => `${F(p.field)}: значення має бути від -90 до 90.`,
  'geo.longitude': (p) => `${F(p.field)}: значення має бути від -180 до 180.`,
  'geo.radius': (p) => `Радіус має бути від 1 до ${p.max} м.`,
  'geo.southOfNorth': () => 'Південна межа не може бути північніше за північну.',
  'geo.westOfEast': () => 'Західна межа не може бути східніше за східну (межі через антимеридіан не підтримуються).',
  'geo.nearTopLevelOnly': () => 'Пошук поблизу працює лише в загальному списку памʼяток, а не у вкладених.',
  'heritage.tooManyPhotos': (p) => `До повідомлення можна додати щонайбільше ${countUk(p.max, { one: 'фотографію', few: 'фотографії', many: 'фотографій' })}.`,
  'heritage.reportDecided': (p) => `Це повідомлення вже ${word(REPORT_STATUSES_UK, p.status)}.`,
  'heritage.reportJustDecided': () => 'Інший інспектор щойно ухвалив рішення щодо цього повідомлення.',

  // Реєстр організацій
  'edrpou.format': () => 'Код ЄДРПОУ складається рівно з 8 цифр.',
  'edrpou.checkDigit': (p) => `${p.code} не є дійсним кодом ЄДРПОУ: контрольна цифра не збігається.`,
  'document.year': (p) => `${F(p.field)}: має бути від ${p.min} до ${p.max}.`,
  'organisation.activityAreaCount': (p) => `Вкажіть від ${p.min} до ${p.max} напрямів діяльності.`,
  'organisation.codeRegistered': (p) => `Організація з кодом ЄДРПОУ ${p.edrpou} вже є в реєстрі (${cityName('uk', p.city)}).`,
  'organisation.notPending': (p) => `Ця організація ${word(ORGANISATION_STATUSES_UK, p.status)}, а не на розгляді.`,
  'organisation.justDecided': () => 'Інший реєстратор щойно ухвалив рішення щодо цієї організації.',
  'organisation.statusChange': (p) =>
    `Організація зі статусом ${quote('uk', word(ORGANISATION_STATUSES_UK, p.from))} не може отримати статус ${quote('uk', word(ORGANISATION_STATUSES_UK, p.to))}.`,
  'organisation.justChanged': () => 'Інший реєстратор щойно змінив цю організацію.',
  'organisation.noDocuments': (p) => `Організація зі статусом ${quote('uk', word(ORGANISATION_STATUSES_UK, p.status))} не оприлюднює документів.`,
  'organisation.residentSubject': (p) => `Мешканця вказують ідентифікатором від провайдера ідентичності: від 1 до ${characters(p.max)}.`,
  'organisation.searchTooLong': (p) => `Пошуковий запит може мати щонайбільше ${characters(p.max)}.`,

  // Міські програми
  'report.periodOrder': () => 'Кінець періоду не може бути раніше за його початок.',
  'report.periodTaken': (p) => `Програма вже має звіт за ${p.start} – ${p.end}.`,
  'report.published': () => 'Звіт оприлюднено, а оприлюднений звіт ніколи не змінюється.',
  'report.justPublished': () => 'Звіт щойно оприлюднили, а оприлюднений звіт ніколи не змінюється.',
  'progress.notReported': () => 'Запис про виконання каже, що зроблено; статус NOT_REPORTED звіт показує сам, коли запису немає.',
  'progress.tooManyEvidenceLinks': (p) => `Щонайбільше ${countUk(p.max, { one: 'посилання', few: 'посилання', many: 'посилань' })} на підтвердження.`,
  'progress.otherProgramme': () => 'Звіт належить до іншої програми, ніж захід.',

  // Вебхуки інтеграторів (підграф подій)
  'webhook.noEventTypes': () => 'Оберіть щонайменше один тип подій.',
  'webhook.alreadyRegistered': (p) =>
    `Цю адресу вже зареєстровано для цих типів подій як вебхук ${quote('uk', p.id)}; його секрет показали під час реєстрації. Увімкніть той вебхук знову або вимкніть його й зареєструйте заново.`,
  'webhook.tooMany': (p) =>
    `У вас уже ${countUk(p.max, { one: 'активний вебхук', few: 'активні вебхуки', many: 'активних вебхуків' })} (${cityName('uk', p.city)}) — це найбільше, що дозволено одному інтеграторові. Спершу вимкніть вебхук, який уже не потрібен.`,
  'webhook.disabledByOwner': () => 'Вимкнено власником.',
  'webhook.disabledFailing': (p) =>
    `Вимкнено після ${countUk(p.failures, { one: 'невдалої спроби', few: 'невдалих спроб', many: 'невдалих спроб' })} доставки поспіль, починаючи з ${p.since}; остання: ${deliveryProblemUk(p.problem)}.`,
  'webhook.disabledExhausted': (p) =>
    `Вимкнено: доставка не вдалася жодного разу за ${countUk(p.attempts, { one: 'спробу', few: 'спроби', many: 'спроб' })}; остання: ${deliveryProblemUk(p.problem)}.`,

  // Шлюз: запити, які він відхиляє ще до GraphQL
  'request.tooLarge': () => 'Тіло запиту більше, ніж приймає цей сервіс.',
  'request.mediaType': () => 'Надсилайте запити GraphQL як application/json.',
  'request.contentLength': () => 'Заголовок Content-Length не відповідає тілу запиту.',
  'request.emptyJson': () => 'Тіло запиту в JSON порожнє.',
  'request.invalidJson': () => 'Тіло запиту не є коректним JSON.',
  'request.unreadable': () => 'Запит не вдалося прочитати.',
  'request.jsonDepth': (p) => `Запит вкладає JSON глибше ніж на ${countUk(p.max, { one: 'рівень', few: 'рівні', many: 'рівнів' })}.`,
  // … операції, які він відхиляє
  'limit.rootFields': limit('кореневих полів'),
  'limit.aliases': limit('псевдонімів'),
  'limit.depth': limit('глибини запиту'),
  'limit.directives': limit('директив'),
  'limit.selections': (p) => `Перевищено ліміт вибраних полів (${p.max}): у запиті ${p.found} після розгортання фрагментів.`,
  'limit.fragments': limit('фрагментів'),
  'limit.cost': (p) => `Вартість операції ${p.found} перевищує ліміт ${p.max}; запитуйте менші сторінки.`,
  'rate.limited': (p) => `Забагато запитів; повторіть через ${p.seconds} с.`,
  'persisted.notFound': () => 'Збережений запит не знайдено: надішліть повний документ разом із хешем.',
  'persisted.notSupported': () => 'Цей сервіс не реєструє збережені запити.',
  'persisted.notInSafelist': () => 'Цей сервіс виконує лише опубліковані операції клієнтів (schema/persisted-operations.json).',
  'operation.unknownName': (p) => `У документі немає операції з назвою ${quote('uk', p.name)}.`,
  'operation.nameRequired': () => 'Документ містить кілька операцій: укажіть назву потрібної (operationName).',
  // … підписки (gateway/src/live)
  'live.needsStream': () => 'Підписки обслуговуються потоком подій (заголовок "Accept: text/event-stream") або через вебсокет (протокол "graphql-transport-ws"), а не звичайним запитом JSON.',
  'live.mutationOverGet': () => 'Мутації не можна надсилати методом GET; використовуйте POST.',
  'live.unsupportedField': (p) => `За полем "Subscription.${p.field}" цей сервіс стежити не може.`,
  'live.tooManyForClient': (p) => `Один клієнт може тримати відкритими щонайбільше ${countUk(p.max, { one: 'підписку', few: 'підписки', many: 'підписок' })}; спершу закрийте одну.`,
  'live.tooManyForProcess': () => 'Сервер тримає стільки підписок, скільки може; повторіть трохи згодом (її може прийняти інша репліка).',
  'live.slowConsumer': (p) => `Зʼєднання закрито: на клієнта чекало понад ${countUk(p.max, { one: 'повідомлення', few: 'повідомлення', many: 'повідомлень' })}; підʼєднайтеся знову, щоб продовжити.`,
  'live.restarting': () => 'Сервер перезапускається; підʼєднайтеся знову, щоб продовжити.',
  'live.behind': () => 'Сервер не встигає за подіями цієї підписки; підʼєднайтеся знову, щоб продовжити з останнього повідомлення.',
  'live.tokenExpired': () => 'Термін дії токена, з яким відкрито це зʼєднання, минув; підʼєднайтеся знову зі свіжим токеном, щоб продовжити.',
  // … і токени
  'token.malformedHeader': () => 'Заголовок Authorization має бути у формі "Bearer <токен>".',
  'token.lifetimeTooLong': (p) => `Токен діє довше, ніж ${p.max} с, які приймає цей сервіс.`,
  'token.tooOld': () => 'Токен старіший, ніж приймає цей сервіс.',
  'token.expired': () => 'Термін дії токена минув.',
  'token.wrongAudience': () => 'Токен видано для іншого отримувача.',
  'token.wrongIssuer': () => 'Видавцю токена тут не довіряють.',
  'token.notYetValid': () => 'Токен ще не набув чинності.',
  'token.missingClaim': (p) => `У токені немає коректного поля ${quote('uk', p.claim)}.`,
  'token.badSubject': (p) => `У токені немає коректного поля «sub» (від 1 до ${characters(p.max)}).`,
  'token.badSignature': () => 'Підпис токена не пройшов перевірку.',
  'token.unknownKey': () => 'Токен підписано ключем, якому тут не довіряють.',
  'token.algorithm': () => 'Алгоритм підпису токена тут не приймається.',
  'token.keysUnavailable': () => 'Зараз токен неможливо перевірити; спробуйте трохи згодом.',
  'token.malformed': () => 'Токен пошкоджений.',

  // GET /geojson/heritage-objects
  'geojson.unknownParameter': (p) => `Невідомий параметр запиту ${quote('uk', p.parameter)}.`,
  'geojson.badParameter': (p) => `Параметр запиту ${quote('uk', p.parameter)} некоректний: ${GEOJSON_HINTS[p.parameter] ?? 'див. довідник API'}.`,
  'geojson.nearTogether': () => 'Параметри «lat», «lng» і «radiusMeters» задають лише разом.',

  // Маршрути REST (GeoJSON, відкриті дані)
  'route.noAnswer': () => 'Граф не дав відповіді; спробуйте трохи згодом.',
  'openData.fileName': () => 'Тут є лише файли «<ідентифікатор>.csv» та «<ідентифікатор>.json».',
  'openData.bom': () => 'Параметр запиту «bom» може мати лише значення «true» або «false».',
  'openData.notPublished': (p) => (p.what === 'programme' ? 'Немає оприлюдненої програми з таким ідентифікатором.' : 'Немає оприлюдненого звіту програми з таким ідентифікатором.'),
};

/** Чому спроба доставки вебхука не вдалася (`HTTP_<статус>` або клас помилки відправника підграфа подій). */
const DELIVERY_PROBLEMS_UK: Readonly<Record<string, string>> = {
  TIMEOUT: 'адреса не відповіла вчасно',
  DNS: 'доменне імʼя не вдалося знайти',
  ADDRESS_REFUSED: 'доменне імʼя вказує на приватну чи локальну адресу',
  CONNECTION: 'не вдалося зʼєднатися',
  TLS: 'не вдалося встановити захищене зʼєднання (TLS)',
  URL_REFUSED: 'ця адреса недозволена для вебхуків',
};
function deliveryProblemUk(problem: string): string {
  const status = /^HTTP_(\d{3})$/.exec(problem);
  return status ? `адреса відповіла кодом HTTP ${status[1]}` : (DELIVERY_PROBLEMS_UK[problem] ?? problem);
}
