import { Matches } from 'class-validator';

/** Text that is more than whitespace (it is trimmed before it is stored). */
export const NotBlank = () => Matches(/\S/, { message: '$property must not be blank' });
