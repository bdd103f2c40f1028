export * from './working-calendar';
export * from './timescales';
export * from './london-date';
