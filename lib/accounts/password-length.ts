/** Apart from the password policy, so the browser's forms can show it without the common-password list. */
export const PASSWORD_MIN_LENGTH = 10;
