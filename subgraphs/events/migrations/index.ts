import type { MigrationSets } from '../../shared/database.js';
import { migrations as postgresql } from './postgresql/index.js';
import { migrations as sqlite } from './sqlite/index.js';

export const eventsMigrations: MigrationSets = { sqlite, postgresql };
