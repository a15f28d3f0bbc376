// contract/: the one source of shapes and names shared by web, api and mocks. Pure; imports nothing of ours.
export * from './bookingStateMachine';
export * from './capability';
export * from './channels';
export * from './config';
export * from './demoData';
export * from './entities';
export * from './errors';
export * from './events';
export * from './fanout';
export * from './ids';
export * from './limits';
export * from './requests';
export * from './responses';
export * from './roles';
export * from './slots';
