import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueCall } from '../../main/core/queue/queue.contract';
import { announcementSpeech, browserSpeech } from '../queue/announce';

const SPEECH_KEY = 'jingwei.hallSpeech';

/**
 * The hall's voice: calls are spoken when the browser has a speech engine and the screen has been allowed to speak
 * (browsers only let a page speak after someone has touched it once; the choice is remembered).
 */
export function useHallSpeech() {
  const { t } = useTranslation();
  const [speech] = useState(browserSpeech);
  const [speechOn, setSpeechOn] = useState(() => {
    try {
      return window.localStorage.getItem(SPEECH_KEY) === '1';
    } catch {
      return false;
    }
  });

  function enableSpeech() {
    setSpeechOn(true);
    try {
      window.localStorage.setItem(SPEECH_KEY, '1');
    } catch {
      // The choice just lasts for this page then.
    }
    speech?.speak({ text: t('queue.ui.speechTest'), lang: 'zh-CN', rate: 1 });
  }

  function announce(call: QueueCall) {
    if (!speechOn || !speech) return;
    const text = announcementSpeech(call.number, call.counterName);
    // Said twice, as in every bank hall: the first time people look up, the second time they listen.
    speech.speak({ text, lang: 'zh-CN', rate: 0.9 });
    speech.speak({ text, lang: 'zh-CN', rate: 0.9 });
  }

  /** Whether to offer the button that lets the screen speak. */
  const canEnable = !speechOn && !!speech;
  return { canEnable, enableSpeech, announce };
}
