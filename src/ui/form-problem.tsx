import { useTranslation } from 'react-i18next';

/** Says, next to a form's buttons, why what was typed is not safe yet (see `useFormDraft`). */
export function FormProblem({ problem }: { problem: string | null }) {
  const { t: tc } = useTranslation();
  if (!problem) return null;
  return (
    <p className="field-error form-problem" role="alert">
      {tc(problem)}
    </p>
  );
}
