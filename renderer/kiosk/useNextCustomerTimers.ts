import { useEffect, useRef } from 'react';
import type { CustomerVisit } from './useCustomerVisit';

// A ticket stays on screen long enough to read and print, then the kiosk is ready for the next customer.
const TICKET_SHOWN_MS = 30_000;
// What one customer left behind (a message, a half-typed ID, a priority) is gone before the next one walks up.
const IDLE_RESET_MS = 20_000;

/** Clears the ticket, then what the last customer left, after their times; `touched` (any touch or key) restarts the wait. */
export function useNextCustomerTimers(visit: CustomerVisit): { touched(): void } {
  const { ticket, setTicket, error, setError, idNumber, setIdNumber, priority, setPriority } = visit;
  useEffect(() => {
    if (!ticket) return;
    const timer = setTimeout(() => setTicket(null), TICKET_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [ticket, setTicket]);

  // Every trace of the last customer goes after a while without a touch: a wrong ID must not block the next one.
  const lastTouch = useRef(0);
  useEffect(() => {
    if (!error && !idNumber && !priority) return;
    // Any change (a message shown, a digit read, a chip chosen) starts the wait again.
    lastTouch.current = Date.now();
    const timer = setInterval(() => {
      if (Date.now() - lastTouch.current < IDLE_RESET_MS) return;
      setError(null);
      setIdNumber('');
      setPriority(null);
    }, 1000);
    return () => clearInterval(timer);
  }, [error, idNumber, priority, setError, setIdNumber, setPriority]);
  const touched = () => {
    lastTouch.current = Date.now();
  };
  return { touched };
}
