import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../api/trpc';
import { RelativeTime } from '../RelativeTime';
import { StatusBadge } from '../StatusBadge';

interface ArtifactReviewsProps {
  artifactId: string;
  onOpen: (artifactId: string) => void;
}

/** Who answered each review of this artifact's versions, how, and the version an amendment became. */
export function ArtifactReviews({ artifactId, onOpen }: ArtifactReviewsProps) {
  const trpc = useTRPC();
  const reviews = useQuery(trpc.artifacts.reviews.queryOptions({ artifactId }));
  if (reviews.status === 'pending') return null;
  if (reviews.status === 'error') return <p className="hint">Reviews could not be loaded: {reviews.error.message}</p>;
  return (
    <div className="lineage artifact-reviews">
      <h4>Reviews</h4>
      {reviews.data.reviews.length === 0 ? (
        <p className="hint">No person has reviewed a version of this artifact.</p>
      ) : (
        <ul className="list list--plain">
          {reviews.data.reviews.map((review) => (
            <li key={review.id} className="artifact-reviews__item">
              <StatusBadge kind="hitl" value={review.status} /> {review.reviewedVersion !== null && <>v{review.reviewedVersion.version} </>}
              {review.status === 'pending' ? (
                'waiting for a person'
              ) : (
                <>
                  by <strong>{review.respondedBy?.name ?? 'a person no longer here'}</strong>
                  {review.respondedAt !== null && (
                    <>
                      {' '}
                      <RelativeTime iso={review.respondedAt} />
                    </>
                  )}
                </>
              )}
              {review.responseContent !== null && review.responseContent !== '' && (
                <q className="artifact-reviews__reason">{review.responseContent}</q>
              )}
              {review.amendedVersion !== null && (
                <button type="button" className="chip" onClick={() => onOpen(review.amendedVersion?.id ?? '')}>
                  Amended as v{review.amendedVersion.version}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
