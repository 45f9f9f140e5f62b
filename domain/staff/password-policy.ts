/** A password staff may choose: 8 to 200 characters with at least one letter and one digit. Head office checks it again. */
export function isAcceptablePassword(password: string): boolean {
  return password.length >= 8 && password.length <= 200 && /[A-Za-z]/.test(password) && /[0-9]/.test(password);
}
