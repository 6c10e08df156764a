/** Terminology of a bone segment for editor tests. */
export const BONE_TERMS = { category: { scheme: 'SCT' as const, code: '91723000', meaning: 'Anatomical Structure' }, type: { scheme: 'SCT' as const, code: '71341001', meaning: 'Femur' } };
