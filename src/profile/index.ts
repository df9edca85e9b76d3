export * from './types';
export { functionKey, FunctionIdentity, processKey } from './identity';
export { ProfileBuilder, ContextNumbers } from './builder';
export { contextsAsFunctions, functionView, FunctionView } from './derive';
export { mergeProfiles } from './merge';
export { serializeProfile, writePart, writeProfile } from './write';
export { ProfileFormatError, readParts, readProfile, validatePart, validateProfile } from './read';
export { upgradeProfile } from './upgrade';
